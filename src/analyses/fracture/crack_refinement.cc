#include "analyses/fracture/crack_refinement.h"

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/solution_transfer.h>

#include <cmath>
#include <functional>
#include <map>
#include <memory>

namespace nanomech::fracture
{
  using namespace dealii;

  namespace
  {
    /// Whether the cell's largest extent exceeds the refinement target
    /// @p h_target (up to round-off of the cell coordinates).
    template <typename CellIterator>
    bool
    coarser_than(const CellIterator &cell, const double h_target)
    {
      double h = 0.;
      for (unsigned int a = 0; a < CellIterator::AccessorType::dimension; ++a)
        h = std::max(h, cell->extent_in_direction(a));
      return h > h_target * (1. + 1e-10);
    }
  } // namespace

  template <int dim>
  CrackRefinement<dim>::CrackRefinement(
      parallel::distributed::Triangulation<dim> &triangulation,
      Fields<dim>                               &fields,
      const FractureParameters                  &parameters)
      : triangulation(triangulation)
      , fields(fields)
      , parameters(parameters)
  {
  }

  template <int dim>
  double
  CrackRefinement<dim>::target() const
  {
    return parameters.length_scale / parameters.cells_per_length;
  }

  template <int dim>
  unsigned int
  CrackRefinement<dim>::cells_to_refine(const bool flag) const
  {
    const double threshold = parameters.refinement_threshold;
    const auto  &damage    = fields.damage();
    const auto  &d         = damage.get_damage();
    std::vector<types::global_dof_index> dofs(
        damage.get_dof_handler().get_fe().n_dofs_per_cell());
    // Largest nodal damage of an owned or ghost cell (its dofs are all
    // locally relevant).
    auto damaged = [&](const auto &cell) {
      cell->get_dof_indices(dofs);
      for (const auto i : dofs)
        if (d(i) > threshold)
          return true;
      return false;
    };
    // A coarse cell is refined if it or a face neighbour is damaged: the
    // neighbours make a layer of fine cells ahead of a growing crack, so
    // that it needs fewer refinements. When refining, with a Refinement
    // band, also the coarse cells within that distance of a damaged cell.
    std::function<bool(const Point<dim> &, double)> near;
    if (flag && parameters.refinement_band > 0.)
      near = band_test(damaged);
    unsigned int n = 0;
    for (const auto &cell : damage.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          if (!coarser_than(cell, target()))
            continue;
          bool hot = damaged(cell);
          for (const unsigned int f : cell->face_indices())
            {
              if (hot)
                break;
              if (cell->at_boundary(f))
                continue;
              const auto neighbor = cell->neighbor(f);
              if (neighbor->is_active())
                hot = damaged(neighbor);
              else
                for (unsigned int sf = 0;
                     !hot && sf < cell->face(f)->n_children();
                     ++sf)
                  hot = damaged(cell->neighbor_child_on_subface(f, sf));
            }
          if (!hot && near)
            hot = near(cell->center(), cell->diameter());
          if (hot)
            {
              if (flag)
                triangulation.create_cell_iterator(cell->id())
                    ->set_refine_flag();
              ++n;
            }
        }
    return n;
  }

  template <int dim>
  template <typename Damaged>
  std::function<bool(const Point<dim> &, double)>
  CrackRefinement<dim>::band_test(const Damaged &damaged) const
  {
    // The centres of the damaged cells of all ranks (so that the band, and
    // the mesh, do not depend on the partition), in buckets as wide as the
    // farthest reach below (the band plus half the largest damaged cell and
    // half the largest cell), so that the neighbouring buckets hold every
    // centre within reach.
    std::vector<Point<dim>> mine;
    double                  h = 0., largest = 0.;
    for (const auto &cell :
         fields.damage().get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          largest = std::max(largest, cell->diameter());
          if (damaged(cell))
            {
              mine.push_back(cell->center());
              h = std::max(h, cell->diameter());
            }
        }
    const MPI_Comm comm  = triangulation.get_communicator();
    h                    = Utilities::MPI::max(h, comm);
    largest              = Utilities::MPI::max(largest, comm);
    const double radius  = parameters.refinement_band * parameters.length_scale;
    auto         centres = std::make_shared<std::vector<Point<dim>>>();
    for (const auto &part : Utilities::MPI::all_gather(comm, mine))
      centres->insert(centres->end(), part.begin(), part.end());
    if (centres->empty())
      return {};
    const double width = radius + 0.5 * (h + largest);
    using Key          = std::array<long, dim>;
    auto buckets = std::make_shared<std::map<Key, std::vector<unsigned int>>>();
    const auto key_of = [width](const Point<dim> &x) {
      Key k;
      for (unsigned int a = 0; a < dim; ++a)
        k[a] = static_cast<long>(std::floor(x[a] / width));
      return k;
    };
    for (unsigned int i = 0; i < centres->size(); ++i)
      (*buckets)[key_of((*centres)[i])].push_back(i);
    // Within the band: a damaged centre closer than the band plus half of
    // each cell (the centres' distance, so a cell the band reaches into).
    return [=](const Point<dim> &x, const double diameter) {
      const Key    k     = key_of(x);
      const double reach = radius + 0.5 * (diameter + h);
      for (unsigned int n = 0; n < Utilities::pow(3u, dim); ++n)
        {
          Key          other = k;
          unsigned int code  = n;
          for (unsigned int a = 0; a < dim; ++a, code /= 3)
            other[a] += static_cast<long>(code % 3) - 1;
          const auto found = buckets->find(other);
          if (found != buckets->end())
            for (const unsigned int i : found->second)
              if (x.distance((*centres)[i]) <= reach)
                return true;
        }
      return false;
    };
  }

  template <int dim>
  bool
  CrackRefinement<dim>::needed() const
  {
    return parameters.adaptive &&
           Utilities::MPI::sum(cells_to_refine(false),
                               triangulation.get_communicator()) > 0;
  }

  template <int dim>
  bool
  CrackRefinement<dim>::refine(
      const double                                               strain,
      StepSolver<dim>                                           &solver,
      std::vector<std::array<double, 6>>                        &log,
      const std::vector<typename ElasticProblem<dim>::Vector *> &followed)
  {
    using Vector = typename ElasticProblem<dim>::Vector;
    if (!parameters.adaptive)
      return false;
    const MPI_Comm comm    = triangulation.get_communicator();
    bool           refined = false;
    while (Utilities::MPI::sum(cells_to_refine(true), comm) > 0)
      {
        ElasticProblem<dim> &problem      = fields.displacement();
        const auto           before       = fields.energies();
        const double         d_before     = fields.damage().max_damage();
        const auto           plastic_work = [this]() {
          return fields.plastic() ?
                               fields.plastic_field()->totals().plastic_work :
                               0.;
        };
        const double w_before = plastic_work();

        parallel::distributed::SolutionTransfer<dim, Vector> u_transfer(
            problem.get_dof_handler());
        std::vector<const Vector *> in{&problem.get_solution()};
        in.insert(in.end(), followed.begin(), followed.end());
        triangulation.prepare_coarsening_and_refinement();
        u_transfer.prepare_for_coarsening_and_refinement(in);
        fields.damage().prepare_refinement();
        // Plastic states travel with the cells (nearest point).
        const auto history = fields.make_history_transfer();
        if (history)
          fields.attach_history(*history);
        triangulation.execute_coarsening_and_refinement();

        fields.setup_displacement(strain);
        if (history)
          fields.receive_history(*history);
        solver.mesh_changed();
        std::vector<Vector>   out(in.size(),
                                Vector(problem.get_locally_owned_dofs(), comm));
        std::vector<Vector *> out_pointers;
        for (Vector &v : out)
          out_pointers.push_back(&v);
        u_transfer.interpolate(out_pointers);
        // The followed displacements keep their own boundary values (those
        // of their load level, affine: exact on the new boundary nodes).
        for (std::size_t k = 1; k < out.size(); ++k)
          {
            problem.get_hanging_constraints().distribute(out[k]);
            *followed[k - 1] = problem.get_solution();
            *followed[k - 1] = out[k];
          }
        problem.get_constraints().distribute(out[0]);
        problem.get_solution() = out[0];
        fields.damage().finish_refinement(problem.get_mapping());
        fields.evaluate_damage();
        const auto after = fields.energies();
        log.push_back(std::array<double, 6>{{before.second,
                                             after.second,
                                             d_before,
                                             fields.damage().max_damage(),
                                             w_before,
                                             plastic_work()}});
        refined = true;
      }
    return refined;
  }

  template <int dim>
  void
  CrackRefinement<dim>::refine_around_initial_cracks()
  {
    const auto     cracks = parameters.cracks();
    const double   l      = parameters.length_scale;
    const MPI_Comm comm   = triangulation.get_communicator();
    // Refine around the cracks first, so that the damage profile (about
    // 2 l wide on each side) forms on the fine mesh.
    for (unsigned int round = 0; parameters.adaptive && round < 20; ++round)
      {
        unsigned int flagged = 0;
        for (const auto &cell : triangulation.active_cell_iterators())
          if (cell->is_locally_owned() && coarser_than(cell, target()) &&
              cracks.distance(cell->center()) < 2. * l + cell->diameter())
            {
              cell->set_refine_flag();
              ++flagged;
            }
        if (Utilities::MPI::sum(flagged, comm) == 0)
          break;
        triangulation.execute_coarsening_and_refinement();
        fields.setup_displacement(0.);
        fields.damage().setup(fields.displacement().get_mapping());
      }
  }

  template <int dim>
  double
  CrackRefinement<dim>::unresolved_cell_size() const
  {
    const auto                          &damage = fields.damage();
    const auto                          &d      = damage.get_damage();
    double                               h_max  = 0.;
    std::vector<types::global_dof_index> dofs(
        damage.get_dof_handler().get_fe().n_dofs_per_cell());
    for (const auto &cell : damage.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          double d_max = 0.;
          for (const auto i : dofs)
            d_max = std::max(d_max, double(d(i)));
          if (d_max > 0.1)
            h_max = std::max(h_max, cell->minimum_vertex_distance());
        }
    h_max = Utilities::MPI::max(h_max, triangulation.get_communicator());
    return h_max > 0.5 * parameters.length_scale * (1. + 1e-10) ? h_max : 0.;
  }

  template class CrackRefinement<2>;
  template class CrackRefinement<3>;
} // namespace nanomech::fracture
