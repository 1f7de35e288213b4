#include "microstructure/nacre.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>

namespace nanomech::Microstructure
{
  void
  NacreParameters::declare(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    const ScopedSubsection subsection(prm, "Nacre");
    SizeDistribution::declare_type(prm);
    SizeDistribution::declare_parameters(
        prm, "Tablet length", "1", "tablet length (in 3D both in-plane edges)");
    SizeDistribution::declare_parameters(prm,
                                         "Tablet thickness",
                                         "0.2",
                                         "tablet thickness");
    SizeDistribution::declare_parameters(
        prm,
        "Interlayer thickness",
        "0.02",
        "thickness of the amorphous/organic layer between tablet rows (one "
        "drawn per interlayer, at least a quarter of the mean; periodic: "
        "scaled together to the mean)");
    SizeDistribution::declare_parameters(
        prm,
        "Joint thickness",
        "0.02",
        "gap between neighbouring tablets of a row (one drawn per joint, at "
        "least a quarter of the mean; periodic: the joints of a line scaled "
        "together to the mean; CoV 0 with Tablet shape = voronoi)");
    prm.declare_entry("Stagger",
                      "0.5",
                      Patterns::Double(0., 1.),
                      "Shift of each row against the one below, as a "
                      "fraction of the mean tablet length (0.5: half "
                      "overlap).");
    prm.declare_entry("Waviness amplitude",
                      "0",
                      Patterns::Double(0.),
                      "Amplitude A of the waviness of all interfaces, "
                      "A sin(2 pi x / lambda) with lambda the mean tablet "
                      "length (fitted to the box), µm; 0: flat.");
    prm.declare_entry("Bridge fraction",
                      "0",
                      Patterns::Double(0., 0.5),
                      "Fraction of the interlayer area crossed by mineral "
                      "bridges (tablet phase).");
    prm.declare_entry("Bridge size",
                      "0.05",
                      Patterns::Double(0.),
                      "Width (2D) or diameter (3D) of a mineral bridge, µm.");
    prm.declare_entry("Orientation spread",
                      "0",
                      Patterns::Double(0., 360.),
                      "Each tablet's crystal frame is turned about the "
                      "stacking axis by a random angle uniform in "
                      "[-spread/2, spread/2], degrees.");
    prm.declare_entry("Separate joint phase",
                      "false",
                      Patterns::Bool(),
                      "Give the joints between tablets of a row their own "
                      "phase 2 (e.g. a weaker or nearly empty gap) instead "
                      "of the interlayer phase 1.");
    prm.declare_entry("Tablet shape",
                      "rectangular",
                      Patterns::Selection("rectangular|voronoi"),
                      "rectangular: rows of rectangular tablets (a brick "
                      "pattern in 3D). voronoi (3D only): the tablets of each "
                      "layer are polygons, the cells of an x-y power diagram "
                      "drawn for each layer, with equivalent diameters from "
                      "Tablet length (and its CoV) and joints of Joint "
                      "thickness around each polygon; Stagger is not used.");
    prm.declare_entry("Number of rows",
                      "4",
                      Patterns::Integer(1),
                      "Rows of tablets in the box when Geometry/Size from "
                      "microstructure is true (otherwise the box decides).");
    prm.declare_entry("Tablets per row",
                      "4",
                      Patterns::Integer(1),
                      "Tablets along each in-plane edge of the box when "
                      "Geometry/Size from microstructure is true.");
  }

  void
  NacreParameters::parse(dealii::ParameterHandler &prm)
  {
    const std::string      path = "Microstructure/Nacre";
    const ScopedSubsection subsection(prm, "Nacre");
    tablet_length.parse_parameters(prm, "Tablet length", path);
    tablet_thickness.parse_parameters(prm, "Tablet thickness", path);
    interlayer_thickness.parse_parameters(prm, "Interlayer thickness", path);
    joint_thickness.parse_parameters(prm, "Joint thickness", path);
    stagger            = prm.get_double("Stagger");
    amplitude          = prm.get_double("Waviness amplitude");
    bridge_fraction    = prm.get_double("Bridge fraction");
    bridge_size        = prm.get_double("Bridge size");
    orientation_spread = prm.get_double("Orientation spread") * M_PI / 180.;
    joint_phase        = prm.get_bool("Separate joint phase") ? 2 : 1;
    voronoi            = prm.get("Tablet shape") == "voronoi";
    n_rows             = prm.get_integer("Number of rows");
    tablets_per_row    = prm.get_integer("Tablets per row");

    require_input(!voronoi ||
                      joint_thickness.mean() < 0.25 * tablet_length.mean(),
                  path + "/Joint thickness must be below a quarter of the "
                         "Tablet length (the tablets' mean diameter) with "
                         "Tablet shape = voronoi");
    require_input(!voronoi || joint_thickness.cov() == 0.,
                  path + "/Joint thickness CoV must be 0 with Tablet shape = "
                         "voronoi (the polygonal joints have one thickness)");
    // A drawn thickness far in the tail would set the refinement of the
    // whole mesh (thinnest_feature): thinner layers are redrawn.
    interlayer_thickness.truncate_below(0.25);
    joint_thickness.truncate_below(0.25);
    require_input(bridge_fraction == 0. ||
                      (bridge_size > 0. && bridge_size < tablet_length.mean()),
                  path + "/Bridge size must be positive and smaller than the "
                         "tablet length");
    // Every interface moves by up to +-A: beyond half a tablet's thickness
    // the wavy rows leave the box faces over bands thicker than the rows
    // (measured: a tablet fraction of 0.52 instead of 0.94 at A = t).
    require_input(amplitude < 0.5 * tablet_thickness.mean(),
                  path + "/Waviness amplitude must be below half the Tablet "
                         "thickness (asperities of nacre's tablets are tens "
                         "of nm on tablets some 0.5 um thick)");
  }

  template <int dim>
  dealii::Point<dim>
  Nacre<dim>::natural_size(const Parameters &p)
  {
    dealii::Point<dim> size;
    for (unsigned int d = 0; d + 1 < dim; ++d)
      size[d] = p.tablets_per_row *
                (p.tablet_length.mean() + p.joint_thickness.mean());
    size[dim - 1] =
        p.n_rows * (p.tablet_thickness.mean() + p.interlayer_thickness.mean());
    return size;
  }

  template <int dim>
  Nacre<dim>::Nacre(const Parameters         &parameters,
                    const dealii::Point<dim> &size,
                    const Realization        &realization)
      : NacreParameters(parameters)
      , size(size)
      , periodic(realization.periodic)
      , stack(dim - 1)
      , interlayer(interlayer_thickness.mean())
      , joint(joint_thickness.mean())
  {
    const std::string  path = "Microstructure/Nacre";
    const unsigned int seed = realization.seed;
    require_input(!voronoi || dim == 3,
                  path + "/Tablet shape = voronoi needs Dimension = 3 (in 2D "
                         "a section through polygonal tablets is a row of "
                         "rectangles: use rectangular)");
    require_input(size[stack] > tablet_thickness.mean() + interlayer,
                  path + ": the box is thinner along " +
                      std::string(1, "xyz"[stack]) +
                      " than one tablet row plus interlayer");
    for (unsigned int d = 0; d < stack; ++d)
      require_input(size[d] >= tablet_length.mean(),
                    path + ": the box is shorter along " +
                        std::string(1, "xyz"[d]) + " (" +
                        std::to_string(size[d]) +
                        " um) than one Tablet length (" +
                        std::to_string(tablet_length.mean()) +
                        " um): no tablet fits in it");
    RandomStream bridge_rng(seed, StreamTag::bridge_position);
    length_rng      = RandomStream(seed, StreamTag::tablet_length);
    joint_rng       = RandomStream(seed, StreamTag::joint_thickness);
    orientation_rng = RandomStream(seed, StreamTag::tablet_orientation);
    grain_angles.push_back(0.);

    const std::vector<double> thickness = draw_rows(seed);
    // Shifts between rows (and, in 3D, between strips). When periodic they
    // are whole fractions of the realized pitch, so that the last row meets
    // the first across the periodic face with the same stagger.
    const unsigned int n_rows_drawn = thickness.size();
    const double       step = shift(pitch(size[0]), n_rows_drawn, stagger);
    const double       step_y =
        dim == 3 ? shift(pitch(size[1]), n_rows_drawn, stagger) : 0.;
    realized_stagger = step / pitch(size[0]);
    double y         = 0;
    for (unsigned int r = 0; r < n_rows_drawn; ++r)
      {
        Row row = make_row(r, y, thickness[r], step, step_y, seed);
        y += thickness[r] + interlayers[r];
        if (bridge_fraction > 0.)
          add_bridges(row, bridge_rng);
        rows.push_back(std::move(row));
      }

    // Waviness with a whole number of waves across the box.
    const double n_waves =
        std::max(1., std::round(size[0] / tablet_length.mean()));
    wavelength = size[0] / n_waves;
  }

  template <int dim>
  double
  Nacre<dim>::wrap(const double x, const double L) const
  {
    return x - std::floor(x / L) * L;
  }

  template <int dim>
  int
  Nacre<dim>::find_in_line(const Line &line, double x, const double L) const
  {
    if (periodic)
      x = line.offset + wrap(x - line.offset, L);
    const auto it = std::upper_bound(line.start.begin(), line.start.end(), x);
    if (it == line.start.begin())
      return -1;
    const int k = (it - line.start.begin()) - 1;
    return x < line.start[k] + line.length[k] ? k : -1;
  }

  template <int dim>
  MaterialPoint
  Nacre<dim>::material_at(const dealii::Point<dim> &p) const
  {
    const double Ls = size[stack];
    double       y  = p[stack];
    if (amplitude > 0.)
      y -= amplitude * std::sin(2. * M_PI * p[0] / wavelength);
    if (periodic)
      y = wrap(y, Ls);
    else
      y = std::clamp(y, 0., rows.back().bottom + rows.back().thickness);

    auto it =
        std::upper_bound(rows.begin(),
                         rows.end(),
                         y,
                         [](double v, const Row &r) { return v < r.bottom; });
    const Row &row = *(it == rows.begin() ? it : it - 1);

    // The tablet (grain) at in-plane position of p in this row, 0 if none.
    auto tablet = [&]() -> unsigned int {
      if (voronoi)
        {
          const auto where =
              row.tablets.locate(dealii::Point<2>(p[0], p[1]), 0.5 * joint);
          return where.boundary_distance < 0.5 * joint ?
                     0 :
                     row.first_grain + where.cell;
        }
      const int k = find_in_line(row.along_x, p[0], size[0]);
      if (k < 0)
        return 0;
      if (dim == 2)
        return row.along_x.grain[k];
      const Line &strip = row.along_y[k];
      const int   j     = find_in_line(strip, p[1], size[1]);
      return j < 0 ? 0 : strip.grain[j];
    };

    if (y >= row.bottom + row.thickness)
      {
        // Interlayer; a bridge makes it tablet phase.
        const double r = 0.5 * bridge_size;
        for (const double shift : {0., -size[0], size[0]})
          {
            if (!periodic && shift != 0.)
              continue;
            // Wrap into the box first; then the shifts find bridges that
            // straddle x = 0 or x = L_x.
            const double x  = (periodic ? wrap(p[0], size[0]) : p[0]) + shift;
            auto         lo = std::lower_bound(row.bridges.begin(),
                                       row.bridges.end(),
                                       x - r,
                                       [](const dealii::Point<dim> &c,
                                          double v) { return c[0] < v; });
            for (; lo != row.bridges.end() && (*lo)[0] <= x + r; ++lo)
              {
                double d2 = (x - (*lo)[0]) * (x - (*lo)[0]);
                if (dim == 3)
                  {
                    double dy = p[1] - (*lo)[1];
                    if (periodic)
                      dy -= std::round(dy / size[1]) * size[1];
                    d2 += dy * dy;
                  }
                if (d2 < r * r)
                  return {0, tablet()};
              }
          }
        return {1, 0};
      }
    const unsigned int g = tablet();
    return {g == 0 ? joint_phase : 0u, g};
  }

  template <int dim>
  dealii::Tensor<2, 3>
  Nacre<dim>::grain_rotation(const unsigned int grain) const
  {
    // Rotation about the stacking axis (z in 3D, y in 2D).
    const double a = grain < grain_angles.size() ? grain_angles[grain] : 0.;
    const double c = std::cos(a), s = std::sin(a);
    dealii::Tensor<2, 3> R;
    const unsigned int   k = stack, i = (k + 1) % 3, j = (k + 2) % 3;
    R[k][k] = 1.;
    R[i][i] = c;
    R[i][j] = -s;
    R[j][i] = s;
    R[j][j] = c;
    return R;
  }

  template <int dim>
  std::vector<double>
  Nacre<dim>::interface_planes(const unsigned int d) const
  {
    std::vector<double> planes;
    if (amplitude > 0.)
      return planes;
    auto add = [&](double x, double L) {
      if (periodic)
        x = wrap(x, L);
      if (x > 0. && x < L)
        planes.push_back(x);
    };
    if (d == stack)
      for (const Row &row : rows)
        {
          add(row.bottom, size[stack]);
          add(row.bottom + row.thickness, size[stack]);
        }
    else if (dim == 2)
      for (const Row &row : rows)
        {
          for (unsigned int k = 0; k < row.along_x.start.size(); ++k)
            {
              add(row.along_x.start[k], size[0]);
              add(row.along_x.start[k] + row.along_x.length[k], size[0]);
            }
          for (const auto &b : row.bridges)
            {
              add(b[0] - 0.5 * bridge_size, size[0]);
              add(b[0] + 0.5 * bridge_size, size[0]);
            }
        }
    return planes;
  }

  template <int dim>
  std::vector<double>
  Nacre<dim>::requested_volume_fractions() const
  {
    const double L = tablet_length.mean(), t = tablet_thickness.mean();
    if (voronoi)
      {
        // The generated layers: their share of the box height, less their
        // joints (lattice-counted).
        const double Ls   = size[stack];
        double       band = 0., tablets = 0.;
        for (const Row &row : rows)
          {
            const double h = std::max(0.,
                                      std::min(Ls, row.bottom + row.thickness) -
                                          std::max(0., row.bottom)) /
                             Ls;
            band += h;
            tablets += h * (1. - row.joint_fraction);
          }
        const double bridge = (1. - band) * bridge_fraction;
        if (joint_phase == 2)
          return {tablets + bridge, 1. - band - bridge, band - tablets};
        return {tablets + bridge, 1. - tablets - bridge};
      }
    const double f_band   = t / (t + interlayer);
    const double f_tablet = f_band * std::pow(L / (L + joint), dim - 1);
    const double f_joint  = f_band - f_tablet;
    const double f_bridge = (1. - f_band) * bridge_fraction;
    if (joint_phase == 2)
      return {f_tablet + f_bridge, 1. - f_band - f_bridge, f_joint};
    return {f_tablet + f_bridge, 1. - f_tablet - f_bridge};
  }

  template <int dim>
  double
  Nacre<dim>::thinnest_feature() const
  {
    // Flat interlayers lie on grid planes; polygonal joints are what the
    // refinement must resolve.
    // The thinnest drawn interlayer and joint (at least a quarter of their
    // means).
    if (voronoi && amplitude == 0.)
      return joint;
    return std::min(interlayer_stats.min(),
                    voronoi ? joint : joint_stats.min());
  }

  template <int dim>
  void
  Nacre<dim>::write_statistics(JsonWriter &json) const
  {
    json.value("periodic", periodic);
    json.value("n_rows", static_cast<unsigned int>(rows.size()));
    json.value("n_tablets", static_cast<unsigned int>(grain_angles.size() - 1));
    json.value("n_bridges", n_bridges);
    json.value("tablet_shape", voronoi ? "voronoi" : "rectangular");
    if (voronoi)
      {
        diameter_stats.write(json, "tablet_equivalent_diameter", tablet_length);
        json.value("tablet_area_fit_rms_error", area_fit_error);
      }
    else
      length_stats.write(json, "tablet_length", tablet_length);
    thickness_stats.write(json, "tablet_thickness", tablet_thickness);
    json.value("interlayer_thickness_um", interlayer);
    json.value("joint_thickness_um", joint);
    interlayer_stats.write(json, "interlayer_thickness", interlayer_thickness);
    if (!voronoi)
      joint_stats.write(json, "joint_thickness", joint_thickness);
    json.value("stagger", stagger);
    json.value("realized_stagger", realized_stagger);
    json.value("waviness_amplitude_um", amplitude);
    json.value("aspect_ratio", tablet_length.mean() / tablet_thickness.mean());
  }

  template class Nacre<2>;
  template class Nacre<3>;

  NANOMECH_REGISTER_MICROSTRUCTURE(
      Nacre,
      "nacre",
      "brick-and-mortar, tablets of phase 0 in interlayers of phase 1.",
      (Capabilities{true, true, true}))
} // namespace nanomech::Microstructure
