#include "physics/material_field.h"

#include <deal.II/base/mpi.h>
#include <deal.II/fe/fe_values.h>

#include "base/exceptions.h"
#include "materials/elastic_tensor.h"

namespace nanomech
{
  template <int dim>
  unsigned int
  MaterialField<dim>::index_of(const MaterialPoint &m)
  {
    const auto key = std::make_pair(m.phase, m.grain);
    const auto it  = lookup.find(key);
    if (it != lookup.end())
      return it->second;
    require_input(m.phase < library->phases.size(),
                  "the microstructure uses phase " + std::to_string(m.phase) +
                      " but only Materials/Phase 0 ... Phase " +
                      std::to_string(library->phases.size() - 1) + " exist");
    Entry e;
    e.point = m;
    e.C3    = library->phase(m.phase).specimen_stiffness(
        microstructure->grain_rotation(m.grain));
    e.C = elastic::restrict_to_dim<dim>(e.C3);
    table.push_back(e);
    lookup[key] = table.size() - 1;
    return table.size() - 1;
  }

  template <int dim>
  dealii::SymmetricTensor<4, 3>
  MaterialField<dim>::stiffness_3d_at(const MaterialPoint &m) const
  {
    const auto it = lookup.find(std::make_pair(m.phase, m.grain));
    if (it != lookup.end())
      return table[it->second].C3;
    return library->phase(m.phase).specimen_stiffness(
        microstructure->grain_rotation(m.grain));
  }

  template <int dim>
  void
  MaterialField<dim>::initialize(const dealii::Mapping<dim>    &mapping,
                                 const dealii::DoFHandler<dim> &dof_handler,
                                 const dealii::Quadrature<dim> &quad,
                                 const Microstructure::Interface<dim> &ms,
                                 const MaterialLibrary &materials)
  {
    microstructure = &ms;
    library        = &materials;
    quadrature     = quad;
    n_q_points     = quad.size();
    table.clear();
    lookup.clear();
    const auto &tria = dof_handler.get_triangulation();
    indices.assign(tria.n_active_cells() * n_q_points, 0);
    uniform.assign(tria.n_active_cells(), 0);

    dealii::FEValues<dim> fe_values(mapping,
                                    dof_handler.get_fe(),
                                    quad,
                                    dealii::update_quadrature_points);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          const std::size_t base = cell->active_cell_index() * n_q_points;
          bool              same = true;
          for (unsigned int q = 0; q < n_q_points; ++q)
            {
              indices[base + q] =
                  index_of(ms.material_at(fe_values.quadrature_point(q)));
              same = same && indices[base + q] == indices[base];
            }
          uniform[cell->active_cell_index()] = same ? 1 : 0;
        }
  }

  template <int dim>
  std::vector<double>
  MaterialField<dim>::volume_fractions(
      const dealii::Mapping<dim>    &mapping,
      const dealii::DoFHandler<dim> &dof_handler,
      const unsigned int             n_phases) const
  {
    std::vector<double>   volume(n_phases + 1, 0.);
    dealii::FEValues<dim> fe_values(mapping,
                                    dof_handler.get_fe(),
                                    quadrature,
                                    dealii::update_JxW_values);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int q = 0; q < n_q_points; ++q)
            {
              const unsigned int phase = material(index(cell, q)).phase;
              if (phase < n_phases)
                volume[phase] += fe_values.JxW(q);
              volume[n_phases] += fe_values.JxW(q);
            }
        }
    dealii::Utilities::MPI::sum(volume, dof_handler.get_communicator(), volume);
    std::vector<double> fractions(n_phases);
    for (unsigned int p = 0; p < n_phases; ++p)
      fractions[p] = volume[p] / volume[n_phases];
    return fractions;
  }

  template class MaterialField<2>;
  template class MaterialField<3>;
} // namespace nanomech
