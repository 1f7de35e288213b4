#pragma once

namespace nanomech
{
  /// The git commit the program was built from ("-dirty" if the tree had
  /// uncommitted changes), or "unknown" outside a git checkout.
  const char *
  git_commit();

  /// The program's version (from CMakeLists.txt).
  const char *
  version();
} // namespace nanomech
