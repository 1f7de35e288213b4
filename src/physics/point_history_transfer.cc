#include "physics/point_history_transfer.h"

#include <deal.II/base/geometry_info.h>

#include <cstring>
#include <limits>

namespace nanomech
{
  using namespace dealii;

  namespace
  {
    /// The point of @p points nearest to @p x.
    template <int dim>
    unsigned int
    nearest(const std::vector<Point<dim>> &points, const Point<dim> &x)
    {
      unsigned int best     = 0;
      double       distance = std::numeric_limits<double>::max();
      for (unsigned int q = 0; q < points.size(); ++q)
        if (x.distance(points[q]) < distance - 1e-12)
          {
            distance = x.distance(points[q]);
            best     = q;
          }
      return best;
    }
  } // namespace

  template <int dim>
  PointHistoryTransfer<dim>::PointHistoryTransfer(
      parallel::distributed::Triangulation<dim> &triangulation,
      const Quadrature<dim>                     &quadrature,
      const unsigned int                         doubles_per_point)
      : triangulation(triangulation)
      , n_q(quadrature.size())
      , n_values(doubles_per_point)
  {
    const std::vector<Point<dim>> &points = quadrature.get_points();
    const unsigned int n_children = GeometryInfo<dim>::max_children_per_cell;
    refine_source.assign(n_children, std::vector<unsigned int>(n_q));
    for (unsigned int c = 0; c < n_children; ++c)
      for (unsigned int q = 0; q < n_q; ++q)
        refine_source[c][q] =
            nearest(points,
                    GeometryInfo<dim>::child_to_cell_coordinates(points[q], c));
    coarsen_source.resize(n_q);
    for (unsigned int q = 0; q < n_q; ++q)
      {
        const unsigned int c =
            GeometryInfo<dim>::child_cell_from_point(points[q]);
        coarsen_source[q] = {
            c,
            nearest(points,
                    GeometryInfo<dim>::cell_to_child_coordinates(points[q],
                                                                 c))};
      }
  }

  template <int dim>
  void
  PointHistoryTransfer<dim>::attach(Get get)
  {
    const std::size_t point_bytes = n_values * sizeof(double);
    handle                        = triangulation.register_data_attach(
        [this,
         get = std::move(get),
         point_bytes](const Cell                                   &cell,
                      const typename Triangulation<dim>::CellStatus status) {
          std::vector<char>   buffer(n_q * point_bytes, 0);
          std::vector<double> values(n_values);
          for (unsigned int q = 0; q < n_q; ++q)
            {
              switch (status)
                {
                  case Triangulation<dim>::CELL_PERSIST:
                  case Triangulation<dim>::CELL_REFINE:
                    get(cell, q, values.data());
                    break;
                  case Triangulation<dim>::CELL_COARSEN:
                    get(cell->child(coarsen_source[q].first),
                        coarsen_source[q].second,
                        values.data());
                    break;
                  default:
                    // (Not packed by deal.II; zeros keep the size fixed.)
                    std::fill(values.begin(), values.end(), 0.);
                }
              std::memcpy(buffer.data() + q * point_bytes,
                          values.data(),
                          point_bytes);
            }
          return buffer;
        },
        /*returns_variable_size_data=*/false);
  }

  template <int dim>
  void
  PointHistoryTransfer<dim>::attach_for_loading()
  {
    // The pack function is not called after load(): the slot only.
    handle = triangulation.register_data_attach(
        [this](const Cell &, const typename Triangulation<dim>::CellStatus) {
          return std::vector<char>(n_q * n_values * sizeof(double), 0);
        },
        false);
  }

  template <int dim>
  void
  PointHistoryTransfer<dim>::receive(const Set &set)
  {
    const std::size_t point_bytes = n_values * sizeof(double);
    triangulation.notify_ready_to_unpack(
        handle,
        [&](const Cell                                   &cell,
            const typename Triangulation<dim>::CellStatus status,
            const boost::iterator_range<std::vector<char>::const_iterator>
                &data) {
          AssertDimension(std::size_t(data.size()), n_q * point_bytes);
          std::vector<std::vector<double>> points(
              n_q, std::vector<double>(n_values));
          for (unsigned int q = 0; q < n_q; ++q)
            std::memcpy(points[q].data(),
                        &*data.begin() + q * point_bytes,
                        point_bytes);
          if (status == Triangulation<dim>::CELL_REFINE)
            {
              for (unsigned int c = 0; c < cell->n_children(); ++c)
                if (cell->child(c)->is_locally_owned())
                  for (unsigned int q = 0; q < n_q; ++q)
                    set(cell->child(c), q, points[refine_source[c][q]].data());
              return;
            }
          for (unsigned int q = 0; q < n_q; ++q)
            set(cell, q, points[q].data());
        });
  }

  template class PointHistoryTransfer<2>;
  template class PointHistoryTransfer<3>;
} // namespace nanomech
