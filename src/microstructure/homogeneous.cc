#include "microstructure/homogeneous.h"

#include "microstructure/registry.h"

namespace nanomech::Microstructure
{
  NANOMECH_REGISTER_MICROSTRUCTURE(Homogeneous,
                                   "homogeneous",
                                   "phase 0 everywhere.",
                                   (Capabilities{}))
} // namespace nanomech::Microstructure
