#include "analyses/homogenization.h"

#include "base/json_writer.h"
#include "output/field_output.h"

#include <iomanip>
#include <sstream>

// The records of a homogenization run: its tables, summary.json and
// checkpoints (the computation is in homogenization.cc).

namespace nanomech
{
  using namespace dealii;
  using effective::Matrix;
  using effective::n_voigt;

  namespace
  {
    std::vector<std::vector<double>>
    rows_of(const Matrix &A)
    {
      std::vector<std::vector<double>> r(A.m(), std::vector<double>(A.n()));
      for (unsigned int i = 0; i < A.m(); ++i)
        for (unsigned int j = 0; j < A.n(); ++j)
          r[i][j] = A(i, j);
      return r;
    }

    /// The independent stiffness entries C_ij (i <= j, Voigt indices from
    /// 1), the engineering constants and the isotropic measures.
    effective::NamedValues
    constants_of(const Matrix &C, const unsigned int dim)
    {
      effective::NamedValues r;
      const Matrix           Cs = effective::symmetric_part(C);
      for (unsigned int i = 0; i < Cs.m(); ++i)
        for (unsigned int j = i; j < Cs.n(); ++j)
          r.emplace_back("C" + std::to_string(i + 1) + std::to_string(j + 1) +
                             "_MPa",
                         Cs(i, j));
      for (const auto &v : effective::engineering_constants(C, dim))
        r.push_back(v);
      for (const auto &v : effective::isotropic_measures(C, dim))
        r.push_back(v);
      return r;
    }
  } // namespace

  template <int dim>
  void
  Homogenization<dim>::write_stiffness_table() const
  {
    const unsigned int nr = realizations.size();
    // homogenization.csv: one row per realization and boundary condition.
    std::ostringstream csv;
    csv << std::setprecision(17);
    const auto names = constants_of(realizations[0].results[0].C, dim);
    csv << "realization,seed,boundary_condition,n_cells,n_dofs";
    for (unsigned int p = 0; p < realizations[0].volume_fractions.size(); ++p)
      csv << ",volume_fraction_phase" << p;
    for (const auto &[key, value] : names)
      csv << ',' << key;
    csv << ",symmetry_error,cg_iterations,amg_setup_seconds,cg_seconds\n";
    for (unsigned int r = 0; r < nr; ++r)
      for (const Result &res : realizations[r].results)
        {
          const Realization &rec = realizations[r];
          csv << r << ',' << rec.seed << ',' << name(res.boundary) << ','
              << rec.n_cells << ',' << rec.n_dofs;
          for (const double f : rec.volume_fractions)
            csv << ',' << f;
          for (const auto &[key, value] : constants_of(res.C, dim))
            csv << ',' << value;
          unsigned int its = 0;
          for (const unsigned int i : res.iterations)
            its += i;
          csv << ',' << effective::symmetry_error(res.C) << ',' << its << ','
              << res.amg_setup_seconds << ',' << res.krylov_seconds << '\n';
        }
    this->write_output_file("homogenization.csv", csv.str());
  }

  template <int dim>
  void
  Homogenization<dim>::write_load_case_table() const
  {
    const unsigned int nv = n_voigt(dim);
    const unsigned int nr = realizations.size();
    // stress_strain.csv: the average strain and stress of every load case.
    std::ostringstream csv;
    csv << std::setprecision(17);
    csv << "realization,seed,boundary_condition,load_case";
    for (unsigned int k = 0; k < 6; ++k)
      csv << ",strain_" << effective::voigt_name(3, k);
    for (unsigned int k = 0; k < 6; ++k)
      csv << ",stress_" << effective::voigt_name(3, k) << "_MPa";
    csv << ",elastic_energy_" << (dim == 3 ? "pJ" : "uJ_per_m") << '\n';
    for (unsigned int r = 0; r < nr; ++r)
      for (const Result &res : realizations[r].results)
        for (unsigned int k = 0; k < nv; ++k)
          {
            csv << r << ',' << realizations[r].seed << ',' << name(res.boundary)
                << ','
                << (res.boundary == Boundary::static_traction ? "S" : "E")
                << effective::voigt_name(dim, k);
            for (const double e : res.average_strain[k])
              csv << ',' << e;
            for (const double s : res.average_stress[k])
              csv << ',' << s;
            csv << ',' << res.energy[k] << '\n';
          }
    this->write_output_file("stress_strain.csv", csv.str());
  }

  template <int dim>
  void
  Homogenization<dim>::write_result_block(JsonWriter        &json,
                                          const unsigned int bi) const
  {
    const unsigned int nv = n_voigt(dim);
    const unsigned int nr = realizations.size();
    Matrix             mean(nv, nv);
    double             sym = 0.;
    for (const Realization &rec : realizations)
      {
        mean.add(1. / nr, rec.results[bi].C);
        sym = std::max(sym, effective::symmetry_error(rec.results[bi].C));
      }
    json.value("boundary_condition", name(boundaries[bi]));
    json.matrix("effective_stiffness_voigt_MPa", rows_of(mean));
    json.matrix("effective_compliance_voigt_per_MPa",
                rows_of(effective::inverse(effective::symmetric_part(mean))));
    json.value("symmetry_error", sym);
    json.value("positive_definite", effective::is_positive_definite(mean));
    json.begin_object("engineering_constants");
    for (const auto &[key, value] : effective::engineering_constants(mean, dim))
      json.value(key, value);
    json.end_object();
    json.begin_object("anisotropy");
    for (const auto &[key, value] : effective::isotropic_measures(mean, dim))
      json.value(key, value);
    json.end_object();
    json.begin_array("load_cases");
    for (unsigned int k = 0; k < nv; ++k)
      json.value("",
                 (boundaries[bi] == Boundary::static_traction ? "S" : "E") +
                     effective::voigt_name(dim, k));
    json.end_array();
    json.value("iterations_per_load_case",
               realizations[0].results[bi].iterations);

    // Every constant over the realizations.
    json.begin_object("ensemble");
    json.value("n_realizations", nr);
    std::vector<unsigned int> seeds;
    for (const Realization &rec : realizations)
      seeds.push_back(rec.seed);
    json.value("seeds", seeds);
    std::vector<effective::NamedValues> per;
    for (const Realization &rec : realizations)
      per.push_back(constants_of(rec.results[bi].C, dim));
    json.begin_object("constants");
    for (unsigned int c = 0; c < per[0].size(); ++c)
      {
        std::vector<double> values;
        for (const auto &p : per)
          values.push_back(p[c].second);
        const auto st = effective::statistics(values);
        json.begin_object(per[0][c].first);
        json.value("mean", st.mean);
        json.value("std", st.std);
        json.value("ci95", std::vector<double>{st.ci95_low, st.ci95_high});
        json.value("values", values);
        json.end_object();
      }
    json.end_object();
    json.end_object();
  }

  template <int dim>
  void
  Homogenization<dim>::write_outputs(const RunSummary &summary_base)
  {
    const unsigned int nb = boundaries.size();
    write_stiffness_table();
    write_load_case_table();

    RunSummary s           = summary_base;
    s.preconditioner       = this->solver_parameters.preconditioner;
    s.iterations_per_solve = all_iterations;
    for (const Realization &rec : realizations)
      for (const Result &res : rec.results)
        {
          s.amg_setup_seconds += res.amg_setup_seconds;
          s.krylov_seconds += res.krylov_seconds;
        }
    this->record_memory(s);

    std::vector<double> seconds;
    for (const Realization &rec : realizations)
      seconds.push_back(rec.seconds);
    s.results = [&](JsonWriter &json) {
      write_result_block(json, 0);
      json.value("realization_seconds", seconds);
      json.begin_object("by_boundary_condition");
      for (unsigned int bi = 0; bi < nb; ++bi)
        {
          json.begin_object(name(boundaries[bi]));
          write_result_block(json, bi);
          json.end_object();
        }
      json.end_object();
    };
    const double strain = macro_strain, stress = macro_stress;
    s.extra = [&](JsonWriter &json) {
      json.begin_object("loading");
      json.value("type", "homogenization");
      json.value("macro_strain", strain);
      json.value("macro_stress_MPa", stress);
      json.end_object();
    };
    s.timing_seconds = this->timing_seconds();
    this->write_summary(s);
  }

  template <int dim>
  void
  Homogenization<dim>::checkpoint_if_due(const unsigned int r,
                                         const PvdRecord   *pvd)
  {
    const auto [due, signal] = checkpoints->due(r);
    if (!due)
      return;
    {
      TimerOutput::Scope t(this->timer(), "checkpoint");
      // Everything is in the realizations' numbers: no mesh or fields.
      checkpoints->begin(r);
      // (An empty record if no fields are written.)
      const PvdRecord no_fields(this->output.directory);
      checkpoints->commit(save_state(this->identity("homogenization"),
                                     realizations,
                                     all_iterations,
                                     pvd ? *pvd : no_fields,
                                     this->warnings));
      this->pcout << "  checkpoint after realization " << r << std::endl;
    }
    if (signal != 0)
      throw Interrupted("stopped by signal " + std::to_string(signal) +
                        " after realization " + std::to_string(r) +
                        " and a checkpoint; continue with --restart");
  }

  template <int dim>
  unsigned int
  Homogenization<dim>::read_checkpoint(PvdRecord *pvd)
  {
    const CheckpointStore store(this->output.directory,
                                this->output.checkpoint,
                                this->comm);
    CheckpointIdentity    identity;
    PvdRecord             fields(this->output.directory);
    load_state(store.read_state(restart_directory),
               restart_directory + "/state.txt",
               identity,
               realizations,
               all_iterations,
               fields,
               this->warnings);
    if (pvd)
      *pvd = fields;
    const unsigned int nv   = n_voigt(dim);
    const unsigned int done = realizations.size();
    auto               fail = [&](const std::string &what) {
      throw InputError("--restart: the checkpoint " + restart_directory +
                       " does not match the parameters: " + what);
    };
    if (done > n_realizations)
      fail("it holds more realizations than Homogenization/Number of "
           "realizations");
    for (unsigned int i = 0; i < done; ++i)
      {
        const Realization &rec = realizations[i];
        if (rec.seed != this->realization.seed + i)
          fail("realization " + std::to_string(i) + " has seed " +
               std::to_string(rec.seed) + ", not Microstructure/Seed + " +
               std::to_string(i));
        if (rec.results.size() != boundaries.size())
          fail("another number of Homogenization/Boundary conditions");
        for (unsigned int b = 0; b < boundaries.size(); ++b)
          {
            if (rec.results[b].boundary != boundaries[b])
              fail("other Homogenization/Boundary conditions");
            if (rec.results[b].C.m() != nv || rec.results[b].C.n() != nv)
              fail("a stiffness of another size");
          }
      }
    return done;
  }


  template void
  Homogenization<2>::write_stiffness_table() const;
  template void
  Homogenization<3>::write_stiffness_table() const;
  template void
  Homogenization<2>::write_load_case_table() const;
  template void
  Homogenization<3>::write_load_case_table() const;
  template void
  Homogenization<2>::write_result_block(JsonWriter &, unsigned int) const;
  template void
  Homogenization<3>::write_result_block(JsonWriter &, unsigned int) const;
  template void
  Homogenization<2>::write_outputs(const RunSummary &);
  template void
  Homogenization<3>::write_outputs(const RunSummary &);
  template void
  Homogenization<2>::checkpoint_if_due(unsigned int, const PvdRecord *);
  template void
  Homogenization<3>::checkpoint_if_due(unsigned int, const PvdRecord *);
  template unsigned int
  Homogenization<2>::read_checkpoint(PvdRecord *);
  template unsigned int
  Homogenization<3>::read_checkpoint(PvdRecord *);
} // namespace nanomech
