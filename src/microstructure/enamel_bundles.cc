#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"
#include "base/random_stream.h"
#include "microstructure/enamel.h"
#include "microstructure/power_diagram.h"

#include <algorithm>
#include <cmath>

// Enamel prisms: bundles of tilted rods separated by a sheath (the rest of
// the family is in enamel.cc).

namespace nanomech::Microstructure
{
  template <int dim>
  double
  Enamel<dim>::periodic_tilt(const double Lu, const double tilt_in) const
  {
    const std::string path = "Microstructure/Enamel";
    const double      L    = size[axis];
    if (!periodic || tilt_in == 0.)
      return tilt_in;
    // tan(tilt) = m L_u / L: a rod meets itself across the box.
    const long m       = std::lround(L * std::tan(tilt_in) / Lu);
    auto       degrees = [&](const long k) {
      return std::atan(k * Lu / L) * 180. / M_PI;
    };
    const double tilt = std::atan(m * Lu / L);
    require_input(std::abs(tilt - tilt_in) <= 0.5 * M_PI / 180.,
                  path + "/Bundle tilt = " +
                      std::to_string(tilt_in * 180. / M_PI) +
                      " degrees does not tile the periodic box (tan of "
                      "the tilt must be a whole multiple of L_u / L_axis "
                      "= " +
                      std::to_string(Lu / L) +
                      "); the nearest tilts "
                      "that do are " +
                      std::to_string(degrees(std::max(0L, m - 1))) + ", " +
                      std::to_string(degrees(m)) + " and " +
                      std::to_string(degrees(m + 1)) + " degrees");
    return tilt;
  }

  template <int dim>
  void
  Enamel<dim>::make_bundles(const dealii::Point<2> &section_size,
                            const unsigned int      seed,
                            const unsigned int      max_attempts,
                            const bool              alternating,
                            const double            tilt_in)
  {
    const std::string path = "Microstructure/Enamel";
    const double      Lu   = section_size[0];
    const double      tilt = periodic_tilt(section_size[0], tilt_in);

    SizedCells<2> cells =
        make_sized_cells<2>(section_size,
                            periodic,
                            bundle_diameter,
                            sub_seed(seed, StreamTag::bundle_cells),
                            400,
                            path);
    bundle_cells = std::move(cells.diagram);
    const std::vector<double> areas =
        bundle_cells.cell_volumes(2000 * bundle_cells.n_cells());

    // Bands of alternating tilt along the second transverse axis, an even
    // number of them when periodic.
    unsigned int n_bands =
        std::max<long>(1,
                       std::lround(section_size[1] / bundle_diameter.mean()));
    if (periodic && n_bands % 2 == 1)
      n_bands += 1;
    RandomStream         azimuth_rng(seed, StreamTag::bundle_azimuth);
    RandomStream         orientation_rng(seed, StreamTag::rod_orientation);
    dealii::Tensor<1, 3> e_axis, e_u, e_v;
    const unsigned int   a = (axis + 1) % 3, b = (axis + 2) % 3;
    e_axis[axis]        = 1.;
    e_u[std::min(a, b)] = 1.;
    e_v[std::max(a, b)] = 1.;
    for (unsigned int k = 0; k < bundle_cells.n_cells(); ++k)
      {
        Bundle bundle;
        bundle.tilt = tilt;
        if (alternating)
          {
            const double v    = bundle_cells.site_points()[k][1];
            const int    band = int(std::floor(v / section_size[1] * n_bands));
            bundle.azimuth    = (band % 2 == 0) ? 0. : M_PI;
          }
        else
          bundle.azimuth = 2. * M_PI * azimuth_rng.uniform();
        bundle.direction = std::cos(tilt) * e_axis +
                           std::sin(tilt) * (std::cos(bundle.azimuth) * e_u +
                                             std::sin(bundle.azimuth) * e_v);
        // The packing lives in the plane normal to the rods, whose first
        // axis is the transverse direction of the tilt compressed by
        // cos(tilt): period L_u cos(tilt) there is period L_u across the box.
        bundle.rods =
            pack(dealii::Point<2>(Lu * std::cos(tilt), section_size[1]),
                 true,
                 sub_seed(seed, StreamTag::bundle_rods, k),
                 max_attempts);
        note_shells(*bundle.rods);
        bundle.first_grain = rotations.size() + 1;
        for (unsigned int j = 0; j < bundle.rods->particle_centers().size();
             ++j)
          rotations.push_back(
              frame_along(bundle.direction,
                          2 * M_PI * orientation_rng.uniform()));
        bundle.equivalent_diameter = equivalent_diameter<2>(areas[k]);
        bundles.push_back(bundle);
      }

    measure_bundles(section_size, seed);
  }

  template <int dim>
  void
  Enamel<dim>::measure_bundles(const dealii::Point<2> &section_size,
                               const unsigned int      seed)
  {
    const double       L = size[axis];
    const unsigned int a = (axis + 1) % 3, b = (axis + 2) % 3;
    // Rods per bundle (distinct cores on a lattice across the mid-height
    // section) and the phase fractions of the geometry (Monte Carlo, a
    // deterministic sequence): the rods fill their bundles to the Rod volume
    // fraction less the sheath and the caps at the walls.
    double r_min = 1e300;
    for (const Bundle &bundle : bundles)
      for (const double r : bundle.rods->particle_radii())
        r_min = std::min(r_min, r);
    std::vector<std::vector<bool>> seen(bundles.size());
    for (unsigned int k = 0; k < bundles.size(); ++k)
      seen[k].resize(bundles[k].rods->particle_centers().size(), false);
    const unsigned int nu = std::ceil(section_size[0] / (0.5 * r_min));
    const unsigned int nv = std::ceil(section_size[1] / (0.5 * r_min));
    for (unsigned int i = 0; i < nu; ++i)
      for (unsigned int j = 0; j < nv; ++j)
        {
          dealii::Point<dim> p;
          p[std::min(a, b)]     = (i + 0.5) / nu * section_size[0];
          p[std::max(a, b)]     = (j + 0.5) / nv * section_size[1];
          p[axis]               = 0.5 * L;
          const MaterialPoint m = material_in_bundles(p);
          if (m.phase == 0)
            {
              const unsigned int k                      = bundle_at(p).first;
              seen[k][m.grain - bundles[k].first_grain] = true;
            }
        }
    for (unsigned int k = 0; k < bundles.size(); ++k)
      bundles[k].n_rods_at_mid_height =
          std::count(seen[k].begin(), seen[k].end(), true);
    double             n[3]      = {0., 0., 0.};
    const unsigned int n_samples = 200000;
    RandomStream       sampling_rng(seed, StreamTag::fraction_sampling);
    for (unsigned int k = 0; k < n_samples; ++k)
      {
        dealii::Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = sampling_rng.uniform() * size[d];
        n[material_in_bundles(p).phase] += 1. / n_samples;
      }
    geometric_fractions = {n[0], n[1], n[2]};
  }

  template <int dim>
  std::pair<unsigned int, double>
  Enamel<dim>::bundle_at(const dealii::Point<dim> &p) const
  {
    const auto where =
        bundle_cells.locate(transverse(p), 0.5 * sheath + thickest_shell);
    return {where.cell, where.boundary_distance};
  }

  template <int dim>
  MaterialPoint
  Enamel<dim>::material_in_bundles(const dealii::Point<dim> &p) const
  {
    const auto [k, wall] = bundle_at(p);
    if (wall < 0.5 * sheath)
      return {2, 0}; // interprismatic sheath
    const Bundle          &bundle = bundles[k];
    const dealii::Point<2> t      = transverse(p);
    // Coordinates in the plane normal to the bundle's rods (see
    // make_bundles): turn by the azimuth, then shear back along the tilt.
    const double c = std::cos(bundle.azimuth), s = std::sin(bundle.azimuth);
    const double u_turned = c * t[0] + s * t[1];
    const double v_turned = -s * t[0] + c * t[1];
    const dealii::Point<2> q((u_turned - p[axis] * std::tan(bundle.tilt)) *
                                 std::cos(bundle.tilt),
                             v_turned);
    const auto            &rods = *bundle.rods;
    MaterialPoint          result{2, 0};
    rods.for_neighbours(q, [&](const unsigned int j) {
      const double d = rods.difference(rods.particle_centers()[j], q).norm();
      const double r = rods.particle_radii()[j];
      const double s = rods.particle_shells()[j];
      // A core reaching the sheath is capped by its shell.
      if (d < r && wall >= 0.5 * sheath + s)
        result = {0, bundle.first_grain + j};
      else if (d < r + s)
        result = {1, 0};
      else
        return false;
      return true;
    });
    return result;
  }

  template void
  Enamel<3>::make_bundles(const dealii::Point<2> &,
                          unsigned int,
                          unsigned int,
                          bool,
                          double);
  template void
  Enamel<2>::make_bundles(const dealii::Point<2> &,
                          unsigned int,
                          unsigned int,
                          bool,
                          double);
  template std::pair<unsigned int, double>
  Enamel<2>::bundle_at(const dealii::Point<2> &) const;
  template std::pair<unsigned int, double>
  Enamel<3>::bundle_at(const dealii::Point<3> &) const;
  template MaterialPoint
  Enamel<2>::material_in_bundles(const dealii::Point<2> &) const;
  template MaterialPoint
  Enamel<3>::material_in_bundles(const dealii::Point<3> &) const;
} // namespace nanomech::Microstructure
