#include "physics/material_field.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include "base/exceptions.h"
#include "materials/elastic_tensor.h"

#include <cmath>

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
  dealii::Tensor<1, dim>
  MaterialField<dim>::interface_normal(
      const dealii::FEValues<dim>      &sub,
      const std::vector<unsigned int>  &which,
      const std::vector<MaterialPoint> &found) const
  {
    // The interface normal: a plane fitted (least squares) through the
    // points where the interface crosses the lattice edges between
    // neighbouring sub-points of different materials, each located by two
    // bisections. (The centroid shift of one material, the simpler
    // estimate, leans towards the cell diagonal when a corner is cut.)
    const auto        &unit = sub.get_quadrature();
    const unsigned int n =
        std::lround(std::pow(double(sub.n_quadrature_points), 1. / dim));
    std::vector<unsigned int> at(sub.n_quadrature_points);
    for (unsigned int q = 0; q < sub.n_quadrature_points; ++q)
      {
        unsigned int idx = 0, stride = 1;
        for (unsigned int d = 0; d < dim; ++d, stride *= n)
          idx += std::min<unsigned int>(n - 1, unit.point(q)[d] * n) * stride;
        at[idx] = q;
      }
    std::vector<dealii::Point<dim>> crossings;
    for (unsigned int idx = 0; idx < at.size(); ++idx)
      {
        unsigned int stride = 1;
        for (unsigned int d = 0; d < dim; ++d, stride *= n)
          if ((idx / stride) % n + 1 < n)
            {
              const unsigned int a = at[idx], b = at[idx + stride];
              if (which[a] == which[b])
                continue;
              dealii::Point<dim> xa = sub.quadrature_point(a),
                                 xb = sub.quadrature_point(b);
              for (unsigned int step = 0; step < 2; ++step)
                {
                  const dealii::Point<dim> mid = 0.5 * (xa + xb);
                  const MaterialPoint      m = microstructure->material_at(mid);
                  if (m.phase == found[which[a]].phase &&
                      m.grain == found[which[a]].grain)
                    xa = mid;
                  else
                    xb = mid;
                }
              crossings.push_back(0.5 * (xa + xb));
            }
      }
    dealii::Tensor<1, dim> normal;
    if (crossings.size() >= dim)
      {
        dealii::Point<dim> center;
        for (const auto &x : crossings)
          center += x / double(crossings.size());
        dealii::SymmetricTensor<2, dim> scatter;
        for (const auto &x : crossings)
          scatter +=
              dealii::symmetrize(dealii::outer_product(x - center, x - center));
        const auto eig = dealii::eigenvectors(scatter);
        // A plane needs the crossings to spread in dim - 1 directions.
        if (eig[0].first > 0. &&
            (dim == 2 || eig[dim - 2].first > 1e-6 * eig[0].first))
          normal = eig[dim - 1].second;
      }
    return normal;
  }

  template <int dim>
  unsigned int
  MaterialField<dim>::add_composite(
      const typename dealii::DoFHandler<dim>::active_cell_iterator &cell,
      dealii::FEValues<dim>                                        &sub)
  {
    sub.reinit(cell);
    // The materials at a lattice of sub-points, with their weights.
    std::vector<MaterialPoint> found;
    std::vector<unsigned int>  which(sub.n_quadrature_points);
    for (unsigned int q = 0; q < sub.n_quadrature_points; ++q)
      {
        const MaterialPoint m =
            microstructure->material_at(sub.quadrature_point(q));
        unsigned int k = 0;
        while (k < found.size() &&
               (found[k].phase != m.phase || found[k].grain != m.grain))
          ++k;
        if (k == found.size())
          {
            if (found.size() == 2)
              return dealii::numbers::invalid_unsigned_int;
            found.push_back(m);
          }
        which[q] = k;
      }
    if (found.size() < 2)
      return dealii::numbers::invalid_unsigned_int;

    // Volume fraction of material 1.
    double volume = 0., f1 = 0.;
    for (unsigned int q = 0; q < sub.n_quadrature_points; ++q)
      {
        volume += sub.JxW(q);
        f1 += which[q] * sub.JxW(q);
      }
    f1 /= volume;

    const dealii::Tensor<1, dim> normal = interface_normal(sub, which, found);
    if (normal.norm() == 0.)
      return dealii::numbers::invalid_unsigned_int;

    Entry e;
    e.point       = found[f1 > 0.5 ? 1 : 0];
    e.composition = {{found[0].phase, 1. - f1}, {found[1].phase, f1}};
    const std::vector<double>                    f{1. - f1, f1};
    std::vector<dealii::SymmetricTensor<4, 3>>   C3(2);
    std::vector<dealii::SymmetricTensor<4, dim>> C(2);
    for (unsigned int k = 0; k < 2; ++k)
      {
        const Entry &pure = table[index_of(found[k])];
        C3[k]             = pure.C3;
        C[k]              = pure.C;
      }
    dealii::Tensor<1, 3> normal3;
    for (unsigned int d = 0; d < dim; ++d)
      normal3[d] = normal[d];
    e.C = elastic::laminate<dim>(C, f, normal);
    // Plane strain: the 3D tensor (for sigma_zz and output) with in-plane
    // jumps only, so that its in-plane part is e.C.
    e.C3 = elastic::laminate<3>(C3, f, normal3, dim);
    table.push_back(e);
    return table.size() - 1;
  }

  template <int dim>
  void
  MaterialField<dim>::initialize(const dealii::Mapping<dim>    &mapping,
                                 const dealii::DoFHandler<dim> &dof_handler,
                                 const dealii::Quadrature<dim> &quad,
                                 const Microstructure::Interface<dim> &ms,
                                 const MaterialLibrary &materials,
                                 const bool             laminate_cut_cells)
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
    // Sub-cell lattice for composite cells: 8^2 or 6^3 points.
    const dealii::QIterated<dim> lattice(dealii::QMidpoint<1>(),
                                         dim == 2 ? 8 : 6);
    dealii::FEValues<dim>        sub_values(mapping,
                                     dof_handler.get_fe(),
                                     lattice,
                                     dealii::update_quadrature_points |
                                         dealii::update_JxW_values);
    n_composite_cells = n_junction_cells = 0;
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
          if (!same && laminate_cut_cells)
            {
              const unsigned int c = add_composite(cell, sub_values);
              if (c != dealii::numbers::invalid_unsigned_int)
                {
                  for (unsigned int q = 0; q < n_q_points; ++q)
                    indices[base + q] = c;
                  same = true;
                  ++n_composite_cells;
                }
              else
                ++n_junction_cells;
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
              const Entry &e = table[index(cell, q)];
              if (e.composition.empty())
                {
                  if (e.point.phase < n_phases)
                    volume[e.point.phase] += fe_values.JxW(q);
                }
              else
                for (const auto &[phase, f] : e.composition)
                  if (phase < n_phases)
                    volume[phase] += f * fe_values.JxW(q);
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
