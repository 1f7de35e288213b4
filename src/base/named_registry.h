#pragma once

#include "base/exceptions.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace nanomech
{
  /**
   * A table of named entries (analyses, microstructure families), filled
   * during static initialization by the registration macros and ordered by
   * name. Entry has a member `name`.
   */
  template <typename Entry>
  class NamedRegistry
  {
  public:
    /// Adds @p entry; a second entry of the same name is a programming
    /// error. Returns true (for the registration constants).
    static bool
    add(Entry entry)
    {
      auto &t = table();
      for (const Entry &e : t)
        if (e.name == entry.name)
          throw std::logic_error("two registered entries named " + entry.name);
      const auto at = std::find_if(t.begin(), t.end(), [&](const Entry &e) {
        return e.name > entry.name;
      });
      t.insert(at, std::move(entry));
      return true;
    }

    /// Every entry, ordered by name.
    static const std::vector<Entry> &
    all()
    {
      return table();
    }

    /// The entry called @p name; else InputError "@p what: unknown
    /// @p kind 'name' (known: ...)".
    static const Entry &
    get(const std::string &name,
        const std::string &what,
        const std::string &kind)
    {
      std::string known;
      for (const Entry &e : table())
        {
          if (e.name == name)
            return e;
          known += (known.empty() ? "" : ", ") + e.name;
        }
      throw InputError(what + ": unknown " + kind + " '" + name +
                       "' (known: " + known + ")");
    }

    /// The names joined by '|', for a Patterns::Selection.
    static std::string
    selection()
    {
      std::string names;
      for (const Entry &e : table())
        names += (names.empty() ? "" : "|") + e.name;
      return names;
    }

  private:
    static std::vector<Entry> &
    table()
    {
      // Function-local: filled during static initialization of the
      // library, in whatever order its objects are initialized.
      static std::vector<Entry> entries;
      return entries;
    }
  };
} // namespace nanomech
