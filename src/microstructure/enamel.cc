#include "microstructure/enamel.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>

namespace nanomech::Microstructure
{
  namespace
  {
    /**
     * Area of the disk of radius @p R about @p c (inside the box) that lies
     * in the box [0, box_0] x [0, box_1], for R below half of either side,
     * so that at most one side of each direction cuts it: the disk less
     * the two circular segments beyond the nearer sides plus the part
     * beyond both, which the two segments removed twice.
     */
    double
    disk_area_in_box(const dealii::Point<2> &c,
                     const double            R,
                     const dealii::Point<2> &box)
    {
      const double a       = std::min(c[0], box[0] - c[0]);
      const double b       = std::min(c[1], box[1] - c[1]);
      const auto   segment = [R](const double d) {
        return d >= R ? 0. :
                          R * R * std::acos(d / R) - d * std::sqrt(R * R - d * d);
      };
      // Antiderivative of sqrt(R^2 - x^2).
      const auto G = [R](const double x) {
        return 0.5 * (x * std::sqrt(std::max(0., R * R - x * x)) +
                      R * R * std::asin(std::min(1., x / R)));
      };
      double corner = 0.;
      if (a * a + b * b < R * R)
        {
          const double x_end = std::sqrt(R * R - b * b);
          corner             = G(x_end) - G(a) - b * (x_end - a);
        }
      return M_PI * R * R - segment(a) - segment(b) + corner;
    }
  } // namespace

  dealii::Tensor<2, 3>
  frame_along(const dealii::Tensor<1, 3> &d, const double psi)
  {
    dealii::Tensor<1, 3> helper;
    helper[std::abs(d[0]) < 0.9 ? 0 : 1] = 1.;
    dealii::Tensor<1, 3> e1              = helper - (helper * d) * d;
    e1 /= e1.norm();
    const dealii::Tensor<1, 3> e2 = dealii::cross_product_3d(d, e1);
    dealii::Tensor<2, 3>       R;
    for (unsigned int i = 0; i < 3; ++i)
      {
        R[i][0] = std::cos(psi) * e1[i] + std::sin(psi) * e2[i];
        R[i][1] = -std::sin(psi) * e1[i] + std::cos(psi) * e2[i];
        R[i][2] = d[i];
      }
    return R;
  }


  void
  EnamelParameters::declare(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    const ScopedSubsection subsection(prm, "Enamel");
    SizeDistribution::declare_type(prm);
    SizeDistribution::declare_parameters(prm,
                                         "Rod diameter",
                                         "0.05",
                                         "crystalline rod (core) diameter");
    SizeDistribution::declare_parameters(prm,
                                         "Rod length",
                                         "0",
                                         "rod length (3D; 0: continuous rods)");
    SizeDistribution::declare_parameters(
        prm,
        "Shell thickness",
        "0.002",
        "thickness of the amorphous shell around each rod (0: no shell, "
        "phase 1 unused; one drawn per rod, at least a quarter of the mean)");
    prm.declare_entry("Rod volume fraction",
                      "0.5",
                      Patterns::Double(0., 0.85),
                      "Volume fraction of the rods with their shells.");
    prm.declare_entry("Packing",
                      "hexagonal",
                      Patterns::Selection("hexagonal|random"),
                      "Arrangement of the rods in the cross-section.");
    prm.declare_entry("Minimum gap",
                      "0.002",
                      Patterns::Double(0.),
                      "Smallest distance between the shells of two rods, µm.");
    prm.declare_entry("Rod axis",
                      "z",
                      Patterns::Selection("x|y|z"),
                      "Direction of the rods (3D); in 2D the rods run along "
                      "z, out of the plane of the cross-section.");
    prm.declare_entry("End gap",
                      "0.01",
                      Patterns::Double(0.),
                      "Matrix gap between the ends of consecutive rod "
                      "segments (discontinuous rods), µm.");
    prm.declare_entry("Misalignment",
                      "0",
                      Patterns::Double(0., 30.),
                      "Standard deviation of the tilt of each rod segment "
                      "from the rod axis, degrees (discontinuous rods only; "
                      "tilts are cut at 3 standard deviations).");
    prm.declare_entry("Maximum attempts",
                      "20000",
                      Patterns::Integer(1),
                      "Random positions tried for each rod (random packing).");
    SizeDistribution::declare_parameters(
        prm,
        "Bundle diameter",
        "0",
        "bundle (prism) equivalent diameter in the cross-section (3D, "
        "continuous rods; 0: no bundles)");
    prm.declare_entry("Bundle tilt",
                      "0",
                      Patterns::Double(0., 60.),
                      "Angle between the rods of each bundle and the Rod "
                      "axis, degrees. Periodic: tan(tilt) must be m L_u / "
                      "L_axis (m whole; L_u the box along the first "
                      "transverse axis, e.g. x for Rod axis = z); the "
                      "nearest such tilt is used if within 0.5 degree.");
    prm.declare_entry("Bundle tilt azimuth",
                      "alternating",
                      Patterns::Selection("alternating|random"),
                      "Direction in which each bundle tilts: alternating "
                      "(+tilt and -tilt about the first transverse axis, in "
                      "bands one bundle diameter wide along the second: "
                      "decussating prisms) or random (not periodic).");
    prm.declare_entry("Bundle sheath thickness",
                      "0.005",
                      Patterns::Double(0.),
                      "Thickness of the interprismatic sheath of matrix "
                      "between bundles, µm (> 0 with bundles).");
  }

  void
  EnamelParameters::parse(dealii::ParameterHandler &prm)
  {
    const std::string      path = "Microstructure/Enamel";
    const ScopedSubsection subsection(prm, "Enamel");
    diameter.parse_parameters(prm, "Rod diameter", path);
    continuous = prm.get_double("Rod length") == 0.;
    if (!continuous)
      rod_length.parse_parameters(prm, "Rod length", path);
    if (prm.get_double("Shell thickness") > 0.)
      shell_thickness.parse_parameters(prm, "Shell thickness", path);
    else
      shell_thickness = SizeDistribution(0., 0., false);
    // A far-tail thin shell would set the refinement of the whole mesh.
    shell_thickness.truncate_below(0.25);
    target_fraction     = prm.get_double("Rod volume fraction");
    hexagonal           = prm.get("Packing") == "hexagonal";
    gap                 = prm.get_double("Minimum gap");
    const std::string a = prm.get("Rod axis");
    axis                = a == "x" ? 0 : a == "y" ? 1 : 2;
    end_gap             = prm.get_double("End gap");
    misalignment        = prm.get_double("Misalignment") * M_PI / 180.;
    max_attempts        = prm.get_integer("Maximum attempts");
    with_bundles        = prm.get_double("Bundle diameter") > 0.;
    if (with_bundles)
      bundle_diameter.parse_parameters(prm, "Bundle diameter", path);
    requested_tilt = prm.get_double("Bundle tilt") * M_PI / 180.;
    alternating    = prm.get("Bundle tilt azimuth") == "alternating";
    sheath         = prm.get_double("Bundle sheath thickness");
    if (with_bundles)
      {
        require_input(continuous && misalignment == 0.,
                      path + "/Bundle diameter > 0 needs Dimension = 3 and "
                             "continuous, aligned rods (Rod length = 0, "
                             "Misalignment = 0)");
        require_input(sheath > 0.,
                      path + "/Bundle sheath thickness must be positive "
                             "with bundles (rods of neighbouring bundles "
                             "would touch at the wall)");
        require_input(bundle_diameter.mean() >
                          4. * (0.5 * diameter.mean() + shell_thickness.mean()),
                      path + "/Bundle diameter must exceed twice the rod "
                             "diameter with its shells");
      }
  }

  template <int dim>
  Enamel<dim>::Enamel(const Parameters         &parameters,
                      const dealii::Point<dim> &size,
                      const Realization        &realization)
      : EnamelParameters(parameters)
      , size(size)
      , periodic(realization.periodic)
      , shell(shell_thickness.mean())
  {
    const std::string  path = "Microstructure/Enamel";
    const unsigned int seed = realization.seed;
    require_input(dim == 3 || axis == 2,
                  path + "/Rod axis: in 2D the rods run along z (the "
                         "cross-section is the x-y plane)");
    require_input(misalignment == 0. || (dim == 3 && !continuous),
                  path + "/Misalignment needs discontinuous rods in 3D "
                         "(Rod length > 0)");

    // Cross-section: rod centers in the plane of the transverse axes.
    dealii::Point<2> section_size;
    {
      const dealii::Point<dim> zero;
      dealii::Point<dim>       corner = size;
      section_size = transverse(corner) - transverse(zero) + dealii::Point<2>();
    }
    if (with_bundles)
      {
        require_input(dim == 3,
                      path + "/Bundle diameter > 0 needs Dimension = 3 and "
                             "continuous, aligned rods (Rod length = 0, "
                             "Misalignment = 0)");
        require_input(periodic ? alternating : true,
                      path + "/Bundle tilt azimuth = random does not tile "
                             "space; use alternating with Periodic = true");
        make_bundles(
            section_size, seed, max_attempts, alternating, requested_tilt);
        return;
      }
    section     = pack(section_size,
                   periodic,
                   sub_seed(seed, StreamTag::rod_packing),
                   max_attempts);
    section_box = section_size;
    note_shells(*section);

    make_segments(seed);
  }

  template <int dim>
  void
  Enamel<dim>::make_segments(const unsigned int seed)
  {
    const std::string path = "Microstructure/Enamel";
    // Segments along the axis, their tilts and crystal frames.
    RandomStream         segment_rng(seed, StreamTag::rod_segment);
    RandomStream         tilt_rng(seed, StreamTag::rod_tilt);
    RandomStream         orientation_rng(seed, StreamTag::rod_orientation);
    const double         L = dim == 3 ? size[axis] : 1.;
    dealii::Tensor<1, 3> e_axis, e_u, e_v;
    e_axis[dim == 3 ? axis : 2]        = 1.;
    e_u[dim == 3 ? (axis + 1) % 3 : 0] = 1.;
    e_v[dim == 3 ? (axis + 2) % 3 : 1] = 1.;
    for (unsigned int i = 0; i < section->particle_centers().size(); ++i)
      {
        std::vector<Segment> rod;
        std::vector<double>  lengths;
        double               offset = 0.;
        if (continuous || dim == 2)
          lengths.push_back(L);
        else
          {
            offset             = periodic ?
                                     segment_rng.uniform() * L :
                                     -segment_rng.uniform() * (rod_length.mean() + end_gap);
            LineOfObjects line = fill_line(
                L, end_gap, offset, periodic, rod_length, segment_rng, path);
            lengths = std::move(line.length);
          }
        double x = offset;
        for (const double l : lengths)
          {
            Segment s;
            s.start  = x;
            s.length = l;
            const double theta =
                misalignment * std::clamp(tilt_rng.standard_normal(), -3., 3.);
            const double phi = 2 * M_PI * tilt_rng.uniform();
            s.direction =
                std::cos(theta) * e_axis +
                std::sin(theta) * (std::cos(phi) * e_u + std::sin(phi) * e_v);
            s.grain = rotations.size() + 1;
            rotations.push_back(
                frame_along(s.direction, 2 * M_PI * orientation_rng.uniform()));
            max_drift =
                std::max(max_drift, 0.5 * l * std::tan(std::abs(theta)));
            if (!continuous && dim == 3)
              {
                length_stats.add(l);
                misalignment_stats.add(theta * 180. / M_PI);
              }
            rod.push_back(s);
            x += l + end_gap;
          }
        segments.push_back(std::move(rod));
      }
    if (!continuous && dim == 3 && misalignment > 0.)
      {
        const double r_max = section->largest_outer_radius();
        require_input(end_gap >= 2. * r_max * std::sin(3. * misalignment),
                      path + ": tilted consecutive segments of a rod would "
                             "touch across the End gap; raise End gap or "
                             "lower Misalignment");
      }
    require_input(max_drift <= 0.5 * gap + 1e-12,
                  path +
                      ": tilted rod segments would touch their neighbours "
                      "(lateral drift " +
                      std::to_string(max_drift) +
                      " µm > half the Minimum gap); raise Minimum gap, "
                      "shorten the rods or lower Misalignment");
  }

  template <int dim>
  std::unique_ptr<Particles<2>>
  Enamel<dim>::pack(const dealii::Point<2> &box,
                    const bool              periodic_packing,
                    const unsigned int      seed,
                    const unsigned int      max_attempts) const
  {
    const std::string path   = "Microstructure/Enamel";
    SizeDistribution  radius = diameter;
    radius.scale(0.5);
    if (!hexagonal)
      return std::make_unique<Particles<2>>(box,
                                            periodic_packing,
                                            radius,
                                            target_fraction,
                                            gap,
                                            shell_thickness,
                                            max_attempts,
                                            seed,
                                            path);
    else
      {
        // Hexagonal lattice with the area per rod that gives the fraction,
        // fitted to the box (an even number of rows when periodic). In a
        // bounded box the rods at its sides are cut by them, as in a
        // specimen cut from a larger packing: dropping them would leave
        // bare matrix along the sides and, in a box a few rods across,
        // much less than the fraction asked for (0.31 instead of 0.5 in a
        // 0.4 x 0.3 um box of 60 nm rods).
        const double R = radius.mean() + shell;
        const double a =
            std::sqrt(2. * M_PI * R * R / (std::sqrt(3.) * target_fraction));
        const unsigned int nu = std::max<long>(1, std::lround(box[0] / a));
        unsigned int       nv =
            std::max<long>(1, std::lround(box[1] / (0.5 * std::sqrt(3.) * a)));
        if (periodic_packing && nv % 2 == 1)
          nv += 1;
        const double du = box[0] / nu, dv = box[1] / nv;
        // The radii and the shells from streams of their own (shell CoV 0:
        // as equal shells), as for a random packing.
        RandomStream radius_rng(seed, StreamTag::particle_radius);
        RandomStream shell_rng(seed, StreamTag::shell_thickness);
        std::vector<dealii::Point<2>> centers;
        std::vector<double>           radii, shells;
        for (unsigned int j = 0; j < nv; ++j)
          for (unsigned int i = 0; i < nu; ++i)
            {
              const dealii::Point<2> c((i + 0.5 * (j % 2) + 0.25) * du,
                                       (j + 0.5) * dv);
              const double           r = radius.sample(radius_rng);
              const double           s = shell_thickness.sample(shell_rng);
              centers.push_back(c);
              radii.push_back(r);
              shells.push_back(s);
            }
        return std::make_unique<Particles<2>>(
            box, periodic_packing, centers, radii, shells, gap, seed, path);
      }
  }

  template <int dim>
  void
  Enamel<dim>::note_shells(const Particles<2> &rods)
  {
    for (const double s : rods.particle_shells())
      {
        thinnest_shell = std::min(thinnest_shell, s);
        thickest_shell = std::max(thickest_shell, s);
        if (shell > 0.)
          shell_stats.add(s);
      }
  }

  template <int dim>
  dealii::Point<2>
  Enamel<dim>::transverse(const dealii::Point<dim> &p) const
  {
    if (dim == 2)
      return dealii::Point<2>(p[0], p[1]);
    const unsigned int a = (axis + 1) % 3, b = (axis + 2) % 3;
    return dealii::Point<2>(p[std::min(a, b)], p[std::max(a, b)]);
  }

  template <int dim>
  MaterialPoint
  Enamel<dim>::material_at(const dealii::Point<dim> &p) const
  {
    if (!bundles.empty())
      return material_in_bundles(p);
    const dealii::Point<2> q = transverse(p);
    MaterialPoint          result{2, 0};
    const auto            &radii  = section->particle_radii();
    const auto            &shells = section->particle_shells();
    section->for_neighbours(q, [&](const unsigned int j) {
      const dealii::Tensor<1, 2> w2 =
          section->difference(section->particle_centers()[j], q);
      const double r = radii[j], shell_j = shells[j];
      if (dim == 2)
        {
          const double d = w2.norm();
          if (d < r)
            result = {0, segments[j][0].grain};
          else if (d < r + shell_j)
            result = {1, 0};
          return d < r + shell_j;
        }
      // 3D: the segment around the axial coordinate (and its neighbours,
      // for tilted ends).
      const double L   = size[dim == 3 ? axis : 0];
      double       x   = p[dim == 3 ? axis : 0];
      const auto  &rod = segments[j];
      if (periodic)
        x = rod[0].start + (x - rod[0].start) -
            L * std::floor((x - rod[0].start) / L);
      const auto it = std::upper_bound(rod.begin(),
                                       rod.end(),
                                       x,
                                       [](double v, const Segment &s) {
                                         return v < s.start;
                                       });
      // The segment around x and its neighbours (tilted ends reach past
      // their axial range); when periodic, the neighbours wrap across the
      // face with a shift of one period.
      const int k0 = int(it - rod.begin()) - 1;
      const int n  = rod.size();
      for (int k = k0 - 1; k <= k0 + 1; ++k)
        {
          if (!periodic && (k < 0 || k >= n))
            continue;
          const double   period = periodic ? std::floor(double(k) / n) * L : 0.;
          const Segment &s      = rod[((k % n) + n) % n];
          dealii::Tensor<1, 3> w;
          const unsigned int   a = (axis + 1) % 3, b = (axis + 2) % 3;
          w[std::min(a, b)]   = w2[0];
          w[std::max(a, b)]   = w2[1];
          w[axis]             = x - (s.start + period + 0.5 * s.length);
          const double t      = w * s.direction;
          const double radial = (w - t * s.direction).norm();
          const double half   = 0.5 * s.length;
          // Continuous rods have no ends, hence no caps.
          const double cap = continuous ? 0. : shell_j;
          if ((continuous || std::abs(t) < half - cap) && radial < r)
            {
              result = {0, s.grain};
              return true;
            }
          if ((continuous || std::abs(t) < half) && radial < r + shell_j)
            {
              result = {1, 0};
              return true;
            }
        }
      return false;
    });
    return result;
  }

  template <int dim>
  dealii::Tensor<2, 3>
  Enamel<dim>::grain_rotation(const unsigned int grain) const
  {
    return rotation_of_grain(rotations, grain);
  }

  template <int dim>
  std::vector<double>
  Enamel<dim>::requested_volume_fractions() const
  {
    // With bundles: the fractions of the generated geometry (the sheath and
    // the caps at the walls take from the packings' Rod volume fraction).
    if (!bundles.empty())
      return geometric_fractions;
    // The placed rods' share of the cross-section (the Rod volume fraction
    // is met up to about one rod, which matters in a small box: the mesh is
    // compared with the structure as placed; in a bounded box only the
    // parts of the rods inside it), times the axial fill of the segments.
    const dealii::Point<2> box    = section->particle_centers().empty() ?
                                        dealii::Point<2>(1., 1.) :
                                        section_box;
    const auto            &shells = section->particle_shells();
    double                 core2 = 0., outer2 = 0.;
    for (unsigned int j = 0; j < shells.size(); ++j)
      {
        const double r = section->particle_radii()[j], R = r + shells[j];
        const dealii::Point<2> &c = section->particle_centers()[j];
        core2 += (periodic ? M_PI * r * r : disk_area_in_box(c, r, box)) /
                 (box[0] * box[1]);
        outer2 += (periodic ? M_PI * R * R : disk_area_in_box(c, R, box)) /
                  (box[0] * box[1]);
      }
    double fill = 1., core_fill = 1.;
    if (dim == 3 && !continuous && !segments.empty())
      {
        // Segment lengths inside the box (a bounded box cuts the first and
        // last segment of each rod); caps of shell at both ends.
        const double L     = size[axis];
        double       total = 0, total_core = 0;
        for (unsigned int j = 0; j < segments.size(); ++j)
          for (const auto &s : segments[j])
            {
              const double cap = shells[j];
              const double a   = periodic ? s.start : std::max(0., s.start);
              const double b   = periodic ? s.start + s.length :
                                            std::min(L, s.start + s.length);
              const double ac =
                  periodic ? s.start + cap : std::max(0., s.start + cap);
              const double bc = periodic ?
                                    s.start + s.length - cap :
                                    std::min(L, s.start + s.length - cap);
              total += std::max(0., b - a);
              total_core += std::max(0., bc - ac);
            }
        fill      = total / (segments.size() * L);
        core_fill = total_core / (segments.size() * L);
      }
    return {core2 * core_fill,
            outer2 * fill - core2 * core_fill,
            1. - outer2 * fill};
  }

  template <int dim>
  void
  Enamel<dim>::write_statistics(JsonWriter &json) const
  {
    json.value("periodic", periodic);
    json.value("packing", hexagonal ? "hexagonal" : "random");
    if (!bundles.empty())
      {
        json.value("n_bundles", static_cast<unsigned int>(bundles.size()));
        SampleStatistics          sizes, rod_d;
        std::vector<double>       tilt, azimuth;
        std::vector<unsigned int> n_rods;
        for (const Bundle &b : bundles)
          {
            sizes.add(b.equivalent_diameter);
            tilt.push_back(b.tilt * 180. / M_PI);
            azimuth.push_back(b.azimuth * 180. / M_PI);
            n_rods.push_back(b.n_rods_at_mid_height);
            for (const double r : b.rods->particle_radii())
              rod_d.add(2. * r);
          }
        sizes.write(json, "bundle_equivalent_diameter", bundle_diameter);
        json.value("bundle_tilt_requested_deg", requested_tilt * 180. / M_PI);
        json.value("bundle_tilt_deg", tilt);
        json.value("bundle_azimuth_deg", azimuth);
        json.value("bundle_rods_at_mid_height", n_rods);
        json.value("bundle_sheath_thickness_um", sheath);
        rod_d.write(json, "rod_diameter", diameter);
        json.value("shell_thickness_um", shell);
        if (shell > 0.)
          shell_stats.write(json, "shell_thickness", shell_thickness);
        return;
      }
    json.value("requested_rod_volume_fraction", target_fraction);
    // Rods with shells as placed (and cut by the end gaps).
    const auto placed = requested_volume_fractions();
    json.value("placed_rod_volume_fraction", placed[0] + placed[1]);
    json.value("n_rods",
               static_cast<unsigned int>(section->particle_centers().size()));
    SampleStatistics d;
    for (const double r : section->particle_radii())
      d.add(2. * r);
    d.write(json, "rod_diameter", diameter);
    if (length_stats.count() > 0)
      {
        length_stats.write(json, "rod_length", rod_length);
        json.value("misalignment_std_deg", misalignment_stats.std_dev());
      }
    json.value("shell_thickness_um", shell);
    if (shell > 0.)
      shell_stats.write(json, "shell_thickness", shell_thickness);
    json.value("smallest_gap_um", section->smallest_gap() - 2. * max_drift);
  }

  template class Enamel<2>;
  template class Enamel<3>;

  NANOMECH_REGISTER_MICROSTRUCTURE(Enamel,
                                   "enamel",
                                   "crystalline rods (phase 0) with amorphous "
                                   "shells (phase 1) in a matrix (phase 2).",
                                   (Capabilities{true, true, false}))
} // namespace nanomech::Microstructure
