#include "physics/phase_field_model.h"

#include <algorithm>
#include <cmath>

namespace nanomech
{
  PhaseFieldModel::PhaseFieldModel(const Type      type,
                                   const double    length_scale,
                                   const double    residual,
                                   const Softening softening)
      : model(type)
      , l(length_scale)
      , k(residual)
      , law(softening)
  {
    // Wu & Nguyen (2018), Table 1.
    switch (law)
      {
        case Softening::linear:
          p = 2., a2 = -0.5, a3 = 0.;
          break;
        case Softening::exponential:
          p = 2.5, a2 = std::pow(2., 5. / 3.) - 3., a3 = 0.;
          break;
        case Softening::cornelissen:
          p = 2., a2 = 1.3868, a3 = 0.6567;
          break;
        case Softening::bilinear:
          p = 2., a2 = 0.03687, a3 = 20.8343;
          break;
      }
  }

  std::string
  PhaseFieldModel::name(const Type type)
  {
    return type == Type::at1 ? "AT1" : type == Type::at2 ? "AT2" : "PF-CZM";
  }

  std::string
  PhaseFieldModel::name(const Softening softening)
  {
    return softening == Softening::linear      ? "linear" :
           softening == Softening::exponential ? "exponential" :
           softening == Softening::bilinear    ? "bilinear" :
                                                 "Cornelissen";
  }

  double
  PhaseFieldModel::degradation(const double d, const double a1) const
  {
    if (model != Type::czm)
      return (1. - k) * (1. - d) * (1. - d) + k;
    const double N = std::pow(1. - d, p);
    const double Q = a1 * d * (1. + a2 * d + a2 * a3 * d * d);
    return (1. - k) * N / (N + Q) + k;
  }

  void
  PhaseFieldModel::degradation_derivatives(const double d,
                                           const double a1,
                                           double      &g1,
                                           double      &g2) const
  {
    if (model != Type::czm)
      {
        g1 = -2. * (1. - k) * (1. - d);
        g2 = 2. * (1. - k);
        return;
      }
    // omega = N / D with D = N + Q:
    //   omega'  = (N' Q - N Q') / D^2,
    //   omega'' = ((N'' Q - N Q'') D - 2 (N' Q - N Q') D') / D^3.
    const double s   = std::max(1. - d, 0.);
    const double N   = std::pow(s, p);
    const double N1  = -p * std::pow(s, p - 1.);
    const double N2  = p * (p - 1.) * std::pow(s, p - 2.);
    const double Q   = a1 * d * (1. + a2 * d + a2 * a3 * d * d);
    const double Q1  = a1 * (1. + 2. * a2 * d + 3. * a2 * a3 * d * d);
    const double Q2  = a1 * (2. * a2 + 6. * a2 * a3 * d);
    const double D   = N + Q;
    const double num = N1 * Q - N * Q1;
    g1               = (1. - k) * num / (D * D);
    g2 =
        (1. - k) * ((N2 * Q - N * Q2) * D - 2. * num * (N1 + Q1)) / (D * D * D);
  }

  double
  PhaseFieldModel::cohesive_a1(const double E,
                               const double Gc,
                               const double ft) const
  {
    return 4. * E * Gc / (M_PI * l * ft * ft);
  }

  double
  PhaseFieldModel::critical_stress(const double E,
                                   const double Gc,
                                   const double ft) const
  {
    if (model == Type::czm)
      return ft;
    if (model == Type::at1)
      return std::sqrt(3. * Gc * E / (8. * l));
    return 3. * std::sqrt(3.) / 16. * std::sqrt(Gc * E / l);
  }

  double
  PhaseFieldModel::softening_traction(const double w,
                                      const double Gc,
                                      const double ft) const
  {
    switch (law)
      {
        case Softening::linear:
          return ft * std::max(0., 1. - w * ft / (2. * Gc));
        case Softening::exponential:
          return ft * std::exp(-ft * w / Gc);
        case Softening::cornelissen:
          {
            // Cornelissen, Hordijk & Reinhardt, Heron 31 (1986) 45.
            const double c1 = 3., c2 = 6.93, wc = 5.1361 * Gc / ft;
            const double x = std::min(w / wc, 1.);
            return ft * ((1. + std::pow(c1 * x, 3)) * std::exp(-c2 * x) -
                         x * (1. + c1 * c1 * c1) * std::exp(-c2));
          }
        case Softening::bilinear:
          {
            // Petersson, Report TVBM-1006, Lund (1981): ft/3 at
            // w1 = 0.8 Gc/ft, zero at wc = 3.6 Gc/ft.
            const double w1 = 0.8 * Gc / ft, wc = 3.6 * Gc / ft;
            return w < w1 ? ft * (1. - 2. / 3. * w / w1) :
                            ft / 3. * std::max(0., (wc - w) / (wc - w1));
          }
      }
    return 0.;
  }

  double
  PhaseFieldModel::layer_fracture_energy(const double t,
                                         const double Gc_layer,
                                         const double Gc_bulk) const
  {
    const double h = t / 2., r = Gc_bulk / Gc_layer, eta = h / l;
    if (model == Type::at2)
      return Gc_layer * (std::sinh(eta) + r * std::cosh(eta)) /
             (std::cosh(eta) + r * std::sinh(eta));
    if (model == Type::at1)
      {
        const double s =
            0.5 * (-r * eta + std::sqrt((r * r - 1.) * eta * eta + 4.));
        if (s <= 0.)
          return Gc_layer;
        const double Kl = s * s * (1. - r * r), A = std::sqrt(1. - Kl);
        return 3. * Gc_layer / (4. * l) *
                   (Kl * h + 4. * l / 3. * (A * A * A - std::pow(r * s, 3))) +
               Gc_bulk * s * s * s;
      }
    if (h >= M_PI / 2. * l)
      return Gc_layer;
    const double s = std::sin(h / l), c = std::cos(h / l);
    const double k = r / std::sqrt(c * c + r * r * s * s),
                 u = std::min(k * s, 1.);
    return 2. * Gc_layer / M_PI * (h / l + k * k * s * c) +
           Gc_bulk *
               (1. - 2. / M_PI * (std::asin(u) + u * std::sqrt(1. - u * u)));
  }
} // namespace nanomech
