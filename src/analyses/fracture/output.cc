#include "analyses/fracture/output.h"

#include "base/exceptions.h"

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  Output<dim>::Output(parallel::distributed::Triangulation<dim> &triangulation,
                      Fields<dim>                               &fields,
                      const Microstructure::Interface<dim>      &microstructure,
                      const OutputParameters                    &output,
                      const FractureParameters                  &parameters,
                      const CheckpointIdentity                  &identity,
                      WarningLog                                &warnings,
                      RunServices                                services,
                      const ConditionalOStream                  &pcout,
                      TimerOutput                               &timer)
      : triangulation(triangulation)
      , fields(fields)
      , microstructure(microstructure)
      , output(output)
      , parameters(parameters)
      , identity(identity)
      , warnings(warnings)
      , services(std::move(services))
      , pcout(pcout)
      , timer(timer)
      , checkpoints(output.directory,
                    output.checkpoint,
                    triangulation.get_communicator())
  {
  }

  template <int dim>
  void
  Output<dim>::step_finished(const History &history, const bool more)
  {
    services.write_file("stress_strain.csv",
                        stress_strain_table(history.steps,
                                            dim,
                                            parameters.crack_pressure > 0.,
                                            fields.plastic(),
                                            fields.load_displacement(1.)));
    const unsigned int step = history.steps.back().step;
    const bool         every =
        parameters.output_every > 0 && step % parameters.output_every == 0;
    if (every || history.results.failed)
      write_step_fields(step);
    if (!more)
      return;
    const auto [due, signal] = checkpoints.due(step);
    if (!due)
      return;
    write_checkpoint(history);
    if (signal != 0)
      throw Interrupted("stopped by signal " + std::to_string(signal) +
                        " after load step " + std::to_string(step) +
                        " and a checkpoint; continue with --restart");
  }

  template <int dim>
  void
  Output<dim>::stepping_failed(const History &history)
  {
    services.write_file("stress_strain.csv",
                        stress_strain_table(history.steps,
                                            dim,
                                            parameters.crack_pressure > 0.,
                                            fields.plastic(),
                                            fields.load_displacement(1.)));
  }

  template <int dim>
  void
  Output<dim>::stepping_interrupted(const History &history, int /*signal*/)
  {
    // The fields are those at the end of the last recorded step (on the
    // mesh of the interrupted step, which may be finer).
    write_checkpoint(history);
  }

  template <int dim>
  void
  Output<dim>::finish(const History &history)
  {
    const unsigned int last = history.steps.back().step;
    if (!history.results.failed &&
        (parameters.output_every == 0 || last % parameters.output_every != 0))
      write_step_fields(last);
  }

  template <int dim>
  void
  Output<dim>::write_step_fields(const unsigned int step)
  {
    if (!output.write_fields)
      return;
    TimerOutput::Scope t(timer, "output");
    if (!pvd)
      pvd = std::make_unique<PvdRecord>(output.directory);
    const DamageProblem<dim> &damage = fields.damage();
    ExtraFields<dim>          extras;
    // With plastic phases: equivalent_plastic_strain and
    // plastic_work_density per cell, and their effective stress.
    const ExtraFields<dim> *plastic = nullptr;
    if (fields.plastic())
      {
        plastic             = &fields.plastic_field()->output_fields();
        extras.cell_scalars = plastic->cell_scalars;
      }
    extras.scalars.push_back(
        {&damage.get_dof_handler(), &damage.get_damage(), "damage"});
    // The degraded stress at an output point: the damage there from the
    // Q1 field, the split of the material there.
    const auto &dh      = damage.get_dof_handler();
    const auto &problem = fields.displacement();
    extras.stress =
        [&](const typename Triangulation<dim>::active_cell_iterator &cell,
            const Point<dim>                                        &x,
            const SymmetricTensor<2, 3>                             &eps,
            const SymmetricTensor<4, 3>                             &C) {
          const typename DoFHandler<dim>::active_cell_iterator dc(
              &triangulation, cell->level(), cell->index(), &dh);
          const Point<dim> xi =
              problem.get_mapping().transform_real_to_unit_cell(cell, x);
          std::vector<types::global_dof_index> dofs(
              dh.get_fe().n_dofs_per_cell());
          dc->get_dof_indices(dofs);
          double d = 0.;
          for (unsigned int i = 0; i < dofs.size(); ++i)
            d += damage.get_damage()(dofs[i]) * dh.get_fe().shape_value(i, xi);
          const EnergySplit split(parameters.split, C, "");
          const double      g = fields.degradation_at(x, d);
          if (plastic)
            {
              // The effective stress of the cell's mean plastic strain,
              // degraded.
              const SymmetricTensor<2, 3> sigma_eff =
                  plastic->stress(cell, x, eps, C);
              SymmetricTensor<2, 3> sigma;
              split.degrade(g,
                            split.compliance() * sigma_eff,
                            sigma_eff,
                            C,
                            sigma,
                            nullptr);
              return sigma;
            }
          SymmetricTensor<4, 3> C_plus, C_minus;
          split.secant(eps, C_plus, C_minus);
          return (g * C_plus + C_minus) * eps;
        };
    fields_file = write_fields(problem,
                               microstructure,
                               output.directory,
                               step,
                               output.n_files,
                               output.subdivisions,
                               "solution",
                               &extras,
                               &field_ranges);
    pvd->add(step, fields_file, triangulation.get_communicator());
  }

  template <int dim>
  void
  Output<dim>::write_checkpoint(const History &history)
  {
    TimerOutput::Scope t(timer, "checkpoint");
    const unsigned int step = history.steps.back().step;
    const std::string  dir  = checkpoints.begin(step);
    fields.save(dir + "/mesh");
    // (An empty record if no fields are written.)
    const PvdRecord no_fields(output.directory);
    checkpoints.commit(save_state(identity,
                                  history,
                                  services.solver_statistics(),
                                  pvd ? *pvd : no_fields,
                                  fields_file,
                                  field_ranges,
                                  services.elapsed_seconds(),
                                  warnings));
    pcout << "  checkpoint after step " << step << " in " << output.directory
          << "/checkpoint" << std::endl;
  }

  void
  read_saved_run(const CheckpointStore &store,
                 const std::string     &directory,
                 SavedRun              &run,
                 WarningLog            &warnings)
  {
    CheckpointIdentity identity;
    load_state(store.read_state(directory),
               directory + "/state.txt",
               identity,
               run.history,
               run.statistics,
               run.pvd,
               run.fields_file,
               run.field_ranges,
               run.elapsed,
               warnings);
    require_input(!run.history.steps.empty(),
                  "checkpoint " + directory + " holds no load step");
  }

  template <int dim>
  void
  Output<dim>::restore(const SavedRun &saved)
  {
    TimerOutput::Scope t(timer, "checkpoint");
    fields_file  = saved.fields_file;
    field_ranges = saved.field_ranges;
    fields.load(saved.history.stepping.strain);
    if (output.write_fields)
      pvd = std::make_unique<PvdRecord>(saved.pvd);
  }

  template class Output<2>;
  template class Output<3>;
} // namespace nanomech::fracture
