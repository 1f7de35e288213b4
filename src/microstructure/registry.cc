#include "microstructure/registry.h"

#include "base/named_registry.h"

namespace nanomech::Microstructure
{
  bool
  register_family(Family f)
  {
    return NamedRegistry<Family>::add(std::move(f));
  }

  const std::vector<Family> &
  families()
  {
    return NamedRegistry<Family>::all();
  }

  const Family &
  family(const std::string &name)
  {
    return NamedRegistry<Family>::get(name, "Microstructure/Type", "family");
  }
} // namespace nanomech::Microstructure
