#include "physics/linear_solver.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/timer.h>

#include "base/exceptions.h"

#include <cctype>
#include <sstream>
#include <utility>
#include <vector>

namespace nanomech
{
  void
  petsc_check(const PetscErrorCode ierr, const char *what)
  {
    if (ierr != 0)
      {
        const char *text = nullptr;
        PetscErrorMessage(ierr, &text, nullptr);
        throw ComputeError(std::string("PETSc error in ") + what + ": " +
                           (text ? text : "unknown"));
      }
  }

  namespace
  {
    void
    check(const PetscErrorCode ierr, const char *what)
    {
      petsc_check(ierr, what);
    }

    // Options of this solver live under a private prefix so that they do
    // not leak into other PETSc objects.
    const char *prefix = "nanomech_";

    /// The options of "Solver/PETSc options" as (name without '-', value;
    /// empty for a flag): a value follows unless the next word is another
    /// option; a negative number ("-1", "-.5") is a value.
    std::vector<std::pair<std::string, std::string>>
    split_options(const std::string &text)
    {
      std::vector<std::pair<std::string, std::string>> options;
      const auto words = dealii::Utilities::split_string_list(text, ' ');
      for (std::size_t i = 0; i < words.size(); ++i)
        if (!words[i].empty() && words[i][0] == '-')
          {
            const std::string next = i + 1 < words.size() ? words[i + 1] : "";
            const bool        has_value =
                !next.empty() &&
                (next[0] != '-' || (next.size() > 1 &&
                                    (std::isdigit(next[1]) || next[1] == '.')));
            options.emplace_back(words[i].substr(1),
                                 has_value ? words[i + 1] : "");
          }
      return options;
    }

    /// Options PETSc reads only when the preconditioner is set up or a
    /// solve ends (multigrid levels, MUMPS, views), which a probe of the
    /// options does not reach.
    bool
    read_later(const std::string &name)
    {
      for (const char *family : {"mg_levels_",
                                 "mg_coarse_",
                                 "mat_mumps_",
                                 "ksp_view",
                                 "ksp_converged_reason",
                                 "pc_view"})
        if (name.rfind(family, 0) == 0)
          return true;
      return false;
    }

    /// The message of the first PETSc error while it is pushed (instead
    /// of PETSc's printed trace).
    PetscErrorCode
    record_error(MPI_Comm,
                 int,
                 const char *,
                 const char *,
                 PetscErrorCode n,
                 PetscErrorType,
                 const char *message,
                 void       *context)
    {
      auto *first = static_cast<std::string *>(context);
      if (first->empty() && message)
        *first = message;
      return n;
    }
  } // namespace

  void
  SolverParameters::check_petsc_options() const
  {
    const auto options = split_options(petsc_options);
    if (options.empty())
      return;
    // A solver built with the options on this rank alone, its errors
    // recorded, not printed: every rank finds the same and refuses alike.
    std::string first_error;
    PetscPushErrorHandler(record_error, &first_error);
    std::string              refused;
    std::vector<std::string> unknown;
    try
      {
        const LinearSolver probe(*this, PETSC_COMM_SELF);
        for (const auto &[name, value] : options)
          {
            // (The database keeps names without the leading '-'.)
            PetscBool used = PETSC_FALSE;
            PetscOptionsUsed(nullptr,
                             (std::string(prefix) + name).c_str(),
                             &used);
            if (!used && !read_later(name))
              unknown.push_back("-" + name);
          }
      }
    catch (const ComputeError &e)
      {
        refused = first_error.empty() ? e.what() : first_error;
      }
    PetscPopErrorHandler();
    require_input(refused.empty(),
                  "Solver/PETSc options = '" + petsc_options +
                      "': PETSc refuses them: " + refused);
    std::string list;
    for (const std::string &u : unknown)
      list += (list.empty() ? "'" : ", '") + u + "'";
    require_input(unknown.empty(),
                  "Solver/PETSc options: PETSc reads no option " + list +
                      " for this solver (Preconditioner = " + preconditioner +
                      "; the options go to the displacement solver): a "
                      "misspelling, or an option of another preconditioner?");
  }

  void
  LinearSolver::set_option(const std::string &name, const std::string &value)
  {
    const std::string full = std::string("-") + prefix + name;
    check(PetscOptionsSetValue(nullptr,
                               full.c_str(),
                               value.empty() ? nullptr : value.c_str()),
          "PetscOptionsSetValue");
    options_set.push_back(full);
  }

  void
  SolverParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    const ScopedSubsection subsection(prm, "Solver");
    prm.declare_entry(
        "Preconditioner",
        "gamg",
        Patterns::Selection("gamg|boomeramg|direct"),
        "Algebraic multigrid for the CG solver, both given the rigid-body "
        "modes: PETSc GAMG (smoothed aggregation with the rigid-body modes as "
        "near-null space) or hypre BoomerAMG (nodal coarsening and "
        "interpolation of the rigid-body modes); or direct: no CG, a sparse "
        "Cholesky factorization (MUMPS), insensitive to stiffness contrast "
        "and fast for 2D meshes up to some 10^5 unknowns, but its memory and "
        "time grow much faster than AMG's in 3D.");
    prm.declare_entry("Tolerance",
                      "1e-8",
                      Patterns::Double(1e-15, 1.),
                      "Relative tolerance on the unpreconditioned residual "
                      "norm, ||b - Ax|| <= tol ||b||.");
    prm.declare_entry("Maximum iterations",
                      "1000",
                      Patterns::Integer(1),
                      "CG iterations before the solve counts as failed.");
    prm.declare_entry("BoomerAMG strong threshold",
                      "0.5",
                      Patterns::Double(0., 1.),
                      "Strength-of-connection threshold of BoomerAMG.");
    prm.declare_entry("GAMG threshold",
                      "0",
                      Patterns::Double(-1., 1.),
                      "Relative drop tolerance of GAMG's aggregation graph "
                      "(0 keeps all non-zero connections; larger values "
                      "coarsen more slowly and cost more set-up).");
    prm.declare_entry("Newton tolerance",
                      "1e-9",
                      Patterns::Double(1e-14, 1e-2),
                      "A nonlinear (plastic) load step has converged when "
                      "the out-of-balance force at the free nodes is below "
                      "this fraction of the reaction forces.");
    prm.declare_entry("Newton iterations",
                      "25",
                      Patterns::Integer(2, 1000),
                      "Newton iterations of a load step before it is cut "
                      "in half.");
    prm.declare_entry("PETSc options",
                      "",
                      Patterns::Anything(),
                      "Further PETSc options for this solver, e.g. "
                      "'-ksp_monitor' or, with boomeramg, "
                      "'-pc_hypre_boomeramg_agg_nl 2'; they override the "
                      "settings above. Checked before the run: an option "
                      "PETSc refuses or does not read for this "
                      "preconditioner is an input error.");
  }

  void
  SolverParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Solver");
    preconditioner    = prm.get("Preconditioner");
    tolerance         = prm.get_double("Tolerance");
    max_iterations    = prm.get_integer("Maximum iterations");
    strong_threshold  = prm.get_double("BoomerAMG strong threshold");
    gamg_threshold    = prm.get_double("GAMG threshold");
    petsc_options     = prm.get("PETSc options");
    newton_tolerance  = prm.get_double("Newton tolerance");
    newton_iterations = prm.get_integer("Newton iterations");
    const auto first  = petsc_options.find_first_not_of(" \t");
    require_input(first == std::string::npos || petsc_options[first] == '-',
                  "Solver/PETSc options = '" + petsc_options +
                      "': expected PETSc options such as '-ksp_monitor'");
    check_petsc_options();
  }

  LinearSolver::LinearSolver(const SolverParameters &parameters,
                             const MPI_Comm          comm,
                             const bool              symmetric)
      : parameters(parameters)
      , comm(comm)
      , krylov(symmetric ? "CG + " : "GMRES + ")
  {
    check(KSPCreate(comm, &ksp), "KSPCreate");
    check(KSPSetOptionsPrefix(ksp, prefix), "KSPSetOptionsPrefix");
    check(KSPSetType(ksp, symmetric ? KSPCG : KSPGMRES), "KSPSetType");
    if (!symmetric)
      {
        check(KSPGMRESSetRestart(ksp, 200), "KSPGMRESSetRestart");
        check(KSPSetPCSide(ksp, PC_RIGHT), "KSPSetPCSide");
      }
    check(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED), "KSPSetNormType");
    check(KSPSetTolerances(
              ksp, parameters.tolerance, 0., 1e10, parameters.max_iterations),
          "KSPSetTolerances");
    PC pc;
    check(KSPGetPC(ksp, &pc), "KSPGetPC");
    if (direct())
      {
        // A factorization of every operator, applied once.
        check(KSPSetType(ksp, KSPPREONLY), "KSPSetType");
        check(PCSetType(pc, symmetric ? PCCHOLESKY : PCLU), "PCSetType");
        check(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS),
              "PCFactorSetMatSolverType");
      }
    else if (parameters.preconditioner == "boomeramg")
      {
        check(PCSetType(pc, PCHYPRE), "PCSetType");
        check(PCHYPRESetType(pc, "boomeramg"), "PCHYPRESetType");
        // Elasticity-aware BoomerAMG: coarsen by nodes (all dim components
        // of a point together) and interpolate the rigid-body modes exactly
        // (Baker, Kolev, Yang 2010, "Improving algebraic multigrid
        // interpolation operators for linear elasticity problems").
        set_option("pc_hypre_boomeramg_strong_threshold",
                   std::to_string(parameters.strong_threshold));
        set_option("pc_hypre_boomeramg_nodal_coarsen", "4");
        set_option("pc_hypre_boomeramg_vec_interp_variant", "1");
        set_option("pc_hypre_boomeramg_coarsen_type", "HMIS");
        set_option("pc_hypre_boomeramg_interp_type", "ext+i");
        set_option("pc_hypre_boomeramg_P_max", "4");
        set_option("pc_hypre_boomeramg_agg_nl", "1");
      }
    else
      {
        check(PCSetType(pc, PCGAMG), "PCSetType");
        set_option("pc_gamg_threshold",
                   std::to_string(parameters.gamg_threshold));
        set_option("pc_gamg_square_graph", "1");
        // A new set-up after the matrix has changed (fracture: a crack
        // band whose stiffness drops by 1e6) must be a whole one: reusing
        // the interpolation reuses its eigenvalue estimate too, which then
        // is far too small for the Chebyshev smoothers, and CG stops with
        // an indefinite preconditioner.
        set_option("pc_gamg_reuse_interpolation", "false");
        set_option("mg_levels_ksp_type", "chebyshev");
        set_option("mg_levels_pc_type", "jacobi");
      }
    // The user's options last, so that they override the ones above.
    for (const auto &[name, value] : split_options(parameters.petsc_options))
      set_option(name, value);
    check(KSPSetFromOptions(ksp), "KSPSetFromOptions");
  }

  LinearSolver::~LinearSolver()
  {
    for (const auto &name : options_set)
      PetscOptionsClearValue(nullptr, name.c_str());
    if (nullspace)
      MatNullSpaceDestroy(&nullspace);
    if (ksp)
      KSPDestroy(&ksp);
  }

  void
  LinearSolver::set_operator(
      dealii::PETScWrappers::MPI::SparseMatrix &matrix,
      const dealii::PETScWrappers::MPI::Vector &coordinates,
      const unsigned int                        dim,
      const bool                                rebuild_preconditioner)
  {
    Mat A = matrix.petsc_matrix();
    // Nodal block structure: dim consecutive dofs per support point.
    check(MatSetBlockSize(A, dim), "MatSetBlockSize");
    Vec coords = coordinates;
    check(VecSetBlockSize(coords, dim), "VecSetBlockSize");
    if (nullspace)
      check(MatNullSpaceDestroy(&nullspace), "MatNullSpaceDestroy");
    check(MatNullSpaceCreateRigidBody(coords, &nullspace),
          "MatNullSpaceCreateRigidBody");
    check(MatSetNearNullSpace(A, nullspace), "MatSetNearNullSpace");
    check(KSPSetOperators(ksp, A, A), "KSPSetOperators");
    // A direct solver applies its factorization once: an old one would
    // solve the old operator, so each operator is factorized.
    const bool rebuild = rebuild_preconditioner || direct();
    check(KSPSetReusePreconditioner(ksp, rebuild ? PETSC_FALSE : PETSC_TRUE),
          "KSPSetReusePreconditioner");
    needs_setup = needs_setup || rebuild;
  }

  unsigned int
  LinearSolver::solve(dealii::PETScWrappers::MPI::Vector       &x,
                      const dealii::PETScWrappers::MPI::Vector &b)
  {
    if (needs_setup)
      {
        dealii::Timer timer(comm, true);
        check(KSPSetUp(ksp), "KSPSetUp");
        PC pc;
        check(KSPGetPC(ksp, &pc), "KSPGetPC");
        check(PCSetUp(pc), "PCSetUp (AMG set-up)");
        timer.stop();
        statistics.setup_seconds += timer.wall_time();
        needs_setup = false;
        ++statistics.n_setups;
      }
    dealii::Timer timer(comm, true);
    check(KSPSolve(ksp, b, x), "KSPSolve");
    timer.stop();
    statistics.solve_seconds += timer.wall_time();

    PetscInt           its;
    KSPConvergedReason reason;
    PetscReal          rnorm;
    check(KSPGetIterationNumber(ksp, &its), "KSPGetIterationNumber");
    check(KSPGetConvergedReason(ksp, &reason), "KSPGetConvergedReason");
    check(KSPGetResidualNorm(ksp, &rnorm), "KSPGetResidualNorm");
    statistics.iterations.push_back(its);
    if (reason < 0)
      {
        std::ostringstream s;
        s << "the linear solver (" << (direct() ? "" : krylov)
          << parameters.preconditioner
          << ") did not converge: " << KSPConvergedReasons[reason] << " after "
          << its << " iterations, residual norm " << rnorm << " (tolerance "
          << parameters.tolerance << " relative). "
          << "Check the boundary conditions (is the specimen held against "
             "rigid motion?) and the materials, or raise "
             "Solver/Maximum iterations.";
        throw ComputeError(s.str());
      }
    return its;
  }
} // namespace nanomech
