#include "base/exceptions.h"
#include "base/random_stream.h"
#include "microstructure/nacre.h"

#include <algorithm>
#include <cmath>
#include <sstream>

// The rows of a nacre structure: tablet and interlayer thicknesses, the
// tablets along each row (or its Voronoi layer) and the mineral bridges
// (the parameters, constructor and point queries are in nacre.cc).

namespace nanomech::Microstructure
{
  template <int dim>
  std::vector<double>
  Nacre<dim>::draw_rows(const unsigned int seed)
  {
    const std::string path = "Microstructure/Nacre";
    const double      Ls   = size[stack];
    // Each purpose its own stream: with the CoV of the interlayers 0 the
    // structure is that of equal thicknesses.
    RandomStream        thickness_rng(seed, StreamTag::tablet_thickness);
    RandomStream        interlayer_rng(seed, StreamTag::interlayer_thickness);
    std::vector<double> thickness;
    if (periodic)
      {
        const unsigned int n = std::max<long>(
            1, std::lround(Ls / (tablet_thickness.mean() + interlayer)));
        double sum = 0;
        for (unsigned int r = 0; r < n; ++r)
          sum += thickness.emplace_back(tablet_thickness.sample(thickness_rng));
        const double scale = (Ls - n * interlayer) / sum;
        require_input(scale > 0.,
                      path +
                          ": the interlayers alone are thicker than the box");
        for (double &t : thickness)
          t *= scale;
        // The interlayers drawn, then scaled together to n times their
        // mean, so that the rows still fill the box exactly.
        double sum_i = 0.;
        for (unsigned int r = 0; r < n; ++r)
          sum_i += interlayers.emplace_back(
              interlayer_thickness.sample(interlayer_rng));
        if (interlayer_thickness.cov() > 0.)
          for (double &t : interlayers)
            t *= n * interlayer / sum_i;
      }
    else
      for (double y = 0; y < Ls;)
        {
          thickness.push_back(tablet_thickness.sample(thickness_rng));
          interlayers.push_back(interlayer_thickness.sample(interlayer_rng));
          y += thickness.back() + interlayers.back();
        }
    return thickness;
  }

  template <int dim>
  double
  Nacre<dim>::pitch(const double L) const
  {
    const double mean_pitch = tablet_length.mean() + joint;
    return periodic ? L / std::max<long>(1, std::lround(L / mean_pitch)) :
                      mean_pitch;
  }

  template <int dim>
  double
  Nacre<dim>::shift(const double p, const unsigned int n, const double f) const
  {
    return periodic ? p * std::round(n * f) / n : f * p;
  }

  template <int dim>
  typename Nacre<dim>::Row
  Nacre<dim>::make_row(const unsigned int r,
                       const double       bottom,
                       const double       thickness,
                       const double       step,
                       const double       step_y,
                       const unsigned int seed)
  {
    Row row;
    row.bottom     = bottom;
    row.thickness  = thickness;
    row.interlayer = interlayers[r];
    thickness_stats.add(thickness);
    interlayer_stats.add(interlayers[r]);
    if (voronoi)
      make_voronoi_layer(row, sub_seed(seed, StreamTag::tablet_layer, r));
    else
      row.along_x = make_line(size[0], r * step, dim == 2);
    if (dim == 3 && !voronoi)
      for (unsigned int j = 0; j < row.along_x.start.size(); ++j)
        row.along_y.push_back(
            make_line(size[1],
                      r * step_y + j * shift(pitch(size[1]),
                                             row.along_x.start.size(),
                                             0.5),
                      true));
    return row;
  }

  template <int dim>
  void
  Nacre<dim>::add_bridges(Row &row, RandomStream &rng)
  {
    double area = size[0], bridge_area = bridge_size;
    if (dim == 3)
      {
        area *= size[1];
        bridge_area = M_PI * bridge_size * bridge_size / 4.;
      }
    // Every bridge is cut into the mesh (in 2D its two sides are grid
    // planes): 1 pm bridges in params/nacre_2d.prm are 8e5 per interlayer
    // and a 657k-cell mesh; 1e-12 um ones were 8e11, a count that wrapped
    // around in an unsigned int.
    const double count = bridge_fraction * area / bridge_area;
    if (count > 1e6)
      {
        std::ostringstream message;
        message << "Microstructure/Nacre/Bridge size = " << bridge_size
                << " um with Bridge fraction = " << bridge_fraction << " gives "
                << count
                << " mineral bridges per interlayer, more than 10^6; mineral "
                   "bridges are 10-50 nm wide (Shao, Zhao & Feng, RSC Adv. 4 "
                   "(2014)): set a larger Bridge size";
        throw InputError(message.str());
      }
    const unsigned int n = std::lround(count);
    for (unsigned int b = 0; b < n; ++b)
      {
        dealii::Point<dim> c;
        for (unsigned int d = 0; d + 1 < dim; ++d)
          c[d] = rng.uniform(0., size[d]);
        c[stack] = row.bottom + row.thickness + 0.5 * row.interlayer;
        row.bridges.push_back(c);
      }
    std::sort(row.bridges.begin(),
              row.bridges.end(),
              [](const auto &a, const auto &b) { return a[0] < b[0]; });
    n_bridges += n;
  }

  template <int dim>
  typename Nacre<dim>::Line
  Nacre<dim>::make_line(const double L, const double offset, const bool grains)
  {
    Line line;
    // Periodic: start at the row's shift; otherwise start before the box
    // so that the shift shows as in a periodic structure.
    const double pitch = tablet_length.mean() + joint;
    line.offset        = periodic ? offset - std::floor(offset / L) * L : 0.;
    const double first =
        periodic ? line.offset : -(offset - std::floor(offset / pitch) * pitch);
    LineOfObjects objects = fill_line(L,
                                      joint_thickness,
                                      first,
                                      periodic,
                                      tablet_length,
                                      length_rng,
                                      joint_rng,
                                      "Microstructure/Nacre");
    line.start            = std::move(objects.start);
    line.length           = std::move(objects.length);
    for (const double g : objects.gap)
      joint_stats.add(g);
    for (const double l : line.length)
      {
        if (grains)
          {
            line.grain.push_back(grain_angles.size());
            grain_angles.push_back(
                orientation_rng.uniform(-0.5 * orientation_spread,
                                        0.5 * orientation_spread));
            length_stats.add(l);
          }
        else if (dim == 3)
          length_stats.add(l); // the strip width is a tablet edge too
      }
    return line;
  }

  template <int dim>
  void
  Nacre<dim>::make_voronoi_layer(Row &row, const unsigned int layer_seed)
  {
    // Each layer its own sites, from its own seed.
    const dealii::Point<2> plane(size[0], size[1]);
    SizedCells<2>          cells = make_sized_cells<2>(plane,
                                              periodic,
                                              tablet_length,
                                              layer_seed,
                                              400,
                                              "Microstructure/Nacre");
    row.tablets                  = std::move(cells.diagram);
    row.first_grain              = grain_angles.size();
    area_fit_error               = std::max(area_fit_error, cells.fit_error);
    for (unsigned int i = 0; i < row.tablets.n_cells(); ++i)
      grain_angles.push_back(orientation_rng.uniform(-0.5 * orientation_spread,
                                                     0.5 * orientation_spread));

    // Realized tablet sizes (with their share of the joints) and the joint
    // fraction of the layer, counted on lattices.
    for (const double A :
         row.tablets.cell_volumes(2000 * row.tablets.n_cells()))
      if (A > 0.)
        diameter_stats.add(equivalent_diameter<2>(A));
    const unsigned int n       = 400;
    unsigned int       n_joint = 0;
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int j = 0; j < n; ++j)
        n_joint += row.tablets
                       .locate(dealii::Point<2>((i + 0.5) / n * size[0],
                                                (j + 0.5) / n * size[1]),
                               0.5 * joint)
                       .boundary_distance < 0.5 * joint;
    row.joint_fraction = double(n_joint) / (n * n);
  }

  template std::vector<double>
  Nacre<2>::draw_rows(unsigned int);
  template std::vector<double>
  Nacre<3>::draw_rows(unsigned int);
  template double
  Nacre<2>::pitch(double) const;
  template double
  Nacre<3>::pitch(double) const;
  template double
  Nacre<2>::shift(double, unsigned int, double) const;
  template double
  Nacre<3>::shift(double, unsigned int, double) const;
  template Nacre<2>::Row
  Nacre<2>::make_row(unsigned int,
                     double,
                     double,
                     double,
                     double,
                     unsigned int);
  template Nacre<3>::Row
  Nacre<3>::make_row(unsigned int,
                     double,
                     double,
                     double,
                     double,
                     unsigned int);
  template void
  Nacre<2>::add_bridges(Row &, RandomStream &);
  template void
  Nacre<3>::add_bridges(Row &, RandomStream &);
} // namespace nanomech::Microstructure
