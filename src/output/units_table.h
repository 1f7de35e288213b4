#pragma once

namespace nanomech
{
  /**
   * The text of src/output/units.json, the one table of the units of
   * result keys and table columns (by name suffix), compiled in at build
   * time. summary.json carries it as "units/key_suffixes", and the
   * postprocess scripts read the same file, so that C++ and Python never
   * disagree on a unit.
   */
  const char *
  units_table_json();
} // namespace nanomech
