#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <boost/serialization/vector.hpp>

#include <petscksp.h>

#include <string>
#include <vector>

namespace nanomech
{
  /// Throws ComputeError with PETSc's message if @p ierr is an error.
  void
  petsc_check(PetscErrorCode ierr, const char *what);

  /// "Solver" subsection: Krylov method, AMG and tolerances.
  struct SolverParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);
    /// InputError if PETSc refuses the PETSc options (a bad value or type)
    /// or reads one of them nowhere (a misspelling): checked on a solver
    /// built with them on this rank, before anything runs.
    void
    check_petsc_options() const;

    std::string  preconditioner   = "gamg";
    double       tolerance        = 1e-8;
    unsigned int max_iterations   = 1000;
    double       strong_threshold = 0.5; ///< BoomerAMG
    double       gamg_threshold   = 0.;  ///< GAMG drop tolerance
    std::string  petsc_options;
    /// Newton's method for nonlinear (plastic) load steps: the relative
    /// out-of-balance force at which a step has converged, and the
    /// iterations before it is cut.
    double       newton_tolerance  = 1e-9;
    unsigned int newton_iterations = 25;
  };

  /// What a LinearSolver has done: one value object, copied and
  /// checkpointed whole.
  struct SolverStatistics
  {
    /// CG iterations of every solve.
    std::vector<unsigned int> iterations;
    /// Seconds spent in preconditioner set-ups and in Krylov iterations.
    double setup_seconds = 0.;
    double solve_seconds = 0.;
    /// Number of preconditioner set-ups.
    unsigned int n_setups = 0;

    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &iterations &setup_seconds &solve_seconds &n_setups;
    }
  };

  /**
   * Conjugate gradients preconditioned by algebraic multigrid that knows
   * the rigid-body modes (the near-null space of elasticity: 3 in 2D,
   * 6 in 3D), built on PETSc's KSP. The preconditioner is set up once per
   * operator and reused for every right-hand side until
   * set_operator() is called with rebuild = true, so that several load
   * cases or load steps pay for one AMG set-up.
   *
   * Convergence is measured on the unpreconditioned residual:
   * ||b - A x|| <= tolerance ||b||. A solve that does not converge throws
   * ComputeError.
   */
  class LinearSolver
  {
  public:
    /// @p symmetric false: the operator is not symmetric (the tangent of
    /// a non-associative plastic law): GMRES, right-preconditioned so that
    /// the tolerance is on the true residual, instead of CG, and LU
    /// instead of Cholesky.
    LinearSolver(const SolverParameters &parameters,
                 MPI_Comm                comm,
                 bool                    symmetric = true);
    ~LinearSolver();
    LinearSolver(const LinearSolver &) = delete;
    LinearSolver &
    operator=(const LinearSolver &) = delete;

    /**
     * Uses @p matrix from now on. @p coordinates holds, for every degree of
     * freedom, the coordinate (along its own component) of its support
     * point; dofs must be numbered node by node (dim at a time), which is
     * what deal.II does for FESystem(FE_Q(p), dim) with p <= 2. With
     * @p rebuild_preconditioner false, the AMG hierarchy of the previous
     * matrix is kept (useful when the operator changes a little).
     */
    void
    set_operator(dealii::PETScWrappers::MPI::SparseMatrix &matrix,
                 const dealii::PETScWrappers::MPI::Vector &coordinates,
                 unsigned int                              dim,
                 bool rebuild_preconditioner = true);

    /// Whether the solver is a direct one (Preconditioner = direct).
    bool
    direct() const
    {
      return parameters.preconditioner == "direct";
    }

    /// Solves A x = b; returns the number of CG iterations.
    unsigned int
    solve(dealii::PETScWrappers::MPI::Vector       &x,
          const dealii::PETScWrappers::MPI::Vector &b);

    /// What the solver has done (kept across rebuilds of the solver and
    /// through checkpoints).
    SolverStatistics statistics;

  private:
    /// Sets "-nanomech_<name> value" in PETSc's options database and
    /// remembers it, so that the destructor can take it out again and the
    /// next solver starts from its own settings only.
    void
    set_option(const std::string &name, const std::string &value);

    SolverParameters         parameters;
    MPI_Comm                 comm;
    std::string              krylov; ///< the Krylov method, for messages
    std::vector<std::string> options_set;
    KSP                      ksp         = nullptr;
    MatNullSpace             nullspace   = nullptr;
    bool                     needs_setup = true;
  };
} // namespace nanomech
