#pragma once

// Meshes an example of params/ as the program does and measures the phase
// volume fractions the finite elements see (one value per Gauss point).

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/tria.h>

#include "mesh/box_mesh.h"
#include "microstructure/microstructure.h"
#include "test_helpers.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace nanomech::testing
{
  inline std::string
  example_text(const std::string &name)
  {
    std::ifstream      in(std::string(NANOMECH_PARAMS_DIR) + "/" + name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  /// An example's microstructure and mesh (2 x 2 Gauss points per cell for
  /// Q1, as the elastic test uses).
  template <int dim>
  struct ExampleMesh
  {
    explicit ExampleMesh(const std::string &text)
        : prm(parameters_from(text))
        , tria(MPI_COMM_WORLD)
    {
      geometry.parse_parameters(*prm, dim);
      if (geometry.size_from_microstructure)
        {
          const auto s = Microstructure::natural_size<dim>(*prm);
          for (unsigned int d = 0; d < dim; ++d)
            geometry.size[d] = s[d];
        }
      ms = Microstructure::create<dim>(*prm, geometry.size_point<dim>());
      make_box_mesh(tria, geometry, *ms);
    }

    /// Meshed phase fractions, as MaterialField::volume_fractions.
    std::vector<double>
    meshed_fractions() const
    {
      std::vector<double>       v(ms->n_phases() + 1, 0.);
      const dealii::QGauss<dim> q(2);
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          for (unsigned int k = 0; k < q.size(); ++k)
            {
              dealii::Point<dim> p = cell->vertex(0);
              for (unsigned int d = 0; d < dim; ++d)
                p[d] += q.point(k)[d] * cell->extent_in_direction(d);
              v[ms->material_at(p).phase] += q.weight(k) * cell->measure();
              v.back() += q.weight(k) * cell->measure();
            }
      dealii::Utilities::MPI::sum(v, MPI_COMM_WORLD, v);
      for (double &x : v)
        x /= v.back();
      v.pop_back();
      return v;
    }

    std::unique_ptr<dealii::ParameterHandler>         prm;
    GeometryParameters                                geometry;
    std::unique_ptr<Microstructure::Interface<dim>>   ms;
    dealii::parallel::distributed::Triangulation<dim> tria;
  };
} // namespace nanomech::testing
