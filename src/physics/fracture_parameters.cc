// FractureParameters: the "Fracture" subsection (model, split, length
// scale, step solver, load stepping, refinement, initial cracks), declared
// and read with its checks. The model's functions are in
// phase_field_model.cc.
#include "base/exceptions.h"
#include "parameters/scoped_subsection.h"
#include "physics/phase_field_model.h"

#include <deal.II/base/utilities.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace nanomech
{
  namespace
  {
    /// The phase-field model: functional, split, length scale.
    void
    declare_model_entries(dealii::ParameterHandler &prm)
    {
      namespace Patterns = dealii::Patterns;
      prm.declare_entry(
          "Model",
          "AT2",
          Patterns::Selection("AT1|AT2|PF-CZM"),
          "Phase-field regularization. AT2: w(d) = d^2, damage grows from the "
          "first load; AT1: w(d) = d, linear elastic up to a critical stress "
          "set by the length scale, a crack band of finite width. PF-CZM "
          "(Wu 2017): each phase's Tensile strength and Critical energy "
          "release rate with the Softening law, whatever the length scale "
          "(which must be small against each phase's E Gc / ft^2).");
      prm.declare_entry("Softening",
                        "linear",
                        Patterns::Selection(
                            "linear|exponential|Cornelissen|bilinear"),
                        "PF-CZM's traction-opening law after the tensile "
                        "strength: linear (exact), exponential, "
                        "Cornelissen et al.'s law for concrete, or "
                        "Petersson's bilinear law for concrete (the last "
                        "two approximated by Wu's rational degradation).");
      prm.declare_entry(
          "Energy split",
          "none",
          Patterns::Selection("none|spectral|volumetric-deviatoric"),
          "Which part of the elastic energy damage degrades. none: all of it; "
          "spectral (Miehe): the positive principal strains, isotropic phases "
          "only; volumetric-deviatoric (Amor): the deviatoric part and the "
          "volumetric part under expansion, with the Reuss bulk modulus for "
          "anisotropic crystals.");
      prm.declare_entry("Length scale",
                        "0.02",
                        Patterns::Double(0.),
                        "Regularization length l, um. The mesh should resolve "
                        "it with h <= l/2 where damage forms (a warning says "
                        "when it does not).");
      prm.declare_entry("Residual stiffness",
                        "1e-6",
                        Patterns::Double(0., 0.1),
                        "k in g(d) = (1 - k)(1 - d)^2 + k: the stiffness left "
                        "in a fully broken point, relative.");
    }

    /// Load stepping and the staggered iterations.
    void
    declare_stepping_entries(dealii::ParameterHandler &prm)
    {
      namespace Patterns = dealii::Patterns;
      prm.declare_entry("Strain increment",
                        "1e-4",
                        Patterns::Double(0.),
                        "Nominal strain added per load step before the peak. "
                        "The run goes to Loading/Applied strain or until the "
                        "specimen has failed.");
      prm.declare_entry("Minimum strain increment",
                        "1e-8",
                        Patterns::Double(0.),
                        "A step that does not converge is cut in half, down "
                        "to this increment; below it the run stops with an "
                        "error (the steps done are kept).");
      prm.declare_entry("Post-peak increment factor",
                        "0.25",
                        Patterns::Double(0., 1.),
                        "After the peak stress the increment is this fraction "
                        "of Strain increment, to follow the softening branch.");
      prm.declare_entry(
          "Adaptive increments",
          "false",
          Patterns::Bool(),
          "Under displacement control, the strain increment adapts to the "
          "staggered iterations of the last step: 1.5 times after a step "
          "that took fewer than half Target iterations, half after one that "
          "took more than twice (Post-peak increment factor once at the "
          "peak, at most a twentieth of Loading/Applied strain), so that the "
          "steps to failure do not hinge on Strain increment, which is then "
          "only the first. false: Strain increment throughout (Post-peak "
          "increment factor times it after the peak).");
      prm.declare_entry("Damage tolerance",
                        "1e-4",
                        Patterns::Double(0.),
                        "Staggered iterations stop when the largest change of "
                        "damage in an iteration is below this ...");
      prm.declare_entry("Residual tolerance",
                        "1e-6",
                        Patterns::Double(0.),
                        "... and the equilibrium residual of the displacement "
                        "with the new damage is below this, relative to the "
                        "right-hand side.");
      prm.declare_entry("Maximum staggered iterations",
                        "1000",
                        Patterns::Integer(1),
                        "Staggered iterations per load step before the step "
                        "is cut. A crack that runs through the specimen "
                        "within a step advances about one cell per "
                        "iteration, so that step may need several hundred.");
      prm.declare_entry(
          "Solver",
          "staggered",
          Patterns::Selection("staggered|Anderson|Newton"),
          "The solver of a load step. staggered: alternate minimization, "
          "displacement at fixed damage, then damage at fixed displacement, "
          "until both settle; every iteration lowers the energy, so it "
          "leaves unstable states (a uniformly damaged bar localizes). "
          "Anderson: each new damage the combination of the last Anderson "
          "depth iterations whose residual is smallest (Walker & Ni 2011), "
          "projected onto the bounds, to the same tolerances: fewer "
          "iterations where damage grows stably, but it may settle on an "
          "unstable state that alternate minimization would leave. "
          "Newton: Newton's method on displacement and damage together "
          "(MUMPS LDL^T of the coupled system), the damage bounds as an "
          "active set, the damage curvature shifted where the Hessian is "
          "indefinite; a step that does not lower the energy is replaced by "
          "a staggered sweep. AT1 and AT2 only, not with a crack pressure.");
      prm.declare_entry("Anderson depth",
                        "5",
                        Patterns::Integer(1, 50),
                        "With Solver = Anderson: how many earlier iterations "
                        "the mixing combines.");
      prm.declare_entry("Progress interval",
                        "10",
                        Patterns::Double(0.),
                        "Seconds between the progress lines of a long load "
                        "step (iteration, residual, damage change, Krylov "
                        "iterations, cells); 0: a line every iteration.");
      prm.declare_entry("Failure stress fraction",
                        "0.05",
                        Patterns::Double(0., 1.),
                        "After the peak, the specimen has failed when the "
                        "nominal stress falls below this fraction of the "
                        "peak; the run stops there and the toughness is the "
                        "area under the curve up to that step.");
      prm.declare_entry("Peak tolerance",
                        "0.005",
                        Patterns::Double(),
                        "The load increment is refined around a peak of the "
                        "stress until the highest stress the curve can reach "
                        "between the recorded steps (bounded with the slope "
                        "before the peak) is within this fraction of the "
                        "recorded peak; relative, in (0, 0.1].");
      prm.declare_entry("Output every",
                        "10",
                        Patterns::Integer(0),
                        "Write the fields every this many load steps and at "
                        "the last one; 0: only the last step.");
    }

    /// Path following after the peak.
    void
    declare_path_entries(dealii::ParameterHandler &prm)
    {
      namespace Patterns = dealii::Patterns;
      prm.declare_entry(
          "Path following",
          "none",
          Patterns::Selection("none|dissipation"),
          "none: displacement control throughout. dissipation: after the "
          "peak, when a load step does not converge or lowers the stress by "
          "more than Path following drop of the strength, the step is "
          "solved again under dissipation control (arc length on the "
          "energy dissipated by the crack: Gutierrez, Commun. Numer. Meth. "
          "Eng. 20 (2004); May, Vignollet & de Borst, Eur. J. Mech. A/Solids "
          "52 (2015)): each step dissipates a set energy and the applied "
          "strain is an unknown, so a crack that snaps back (stress and "
          "strain falling together) is followed instead of jumped over. Not "
          "with a Crack pressure (the load is then not proportional).");
      prm.declare_entry("Path following drop",
                        "0.1",
                        Patterns::Double(0., 1.),
                        "With Path following = dissipation: the fall of the "
                        "stress in one post-peak step, relative to the "
                        "strength, that hands the stepping to dissipation "
                        "control.");
      prm.declare_entry(
          "Dissipation increment",
          "0.02",
          Patterns::Double(0., 1.),
          "Under dissipation control: the energy dissipated in the first "
          "step, as a fraction of the smallest Gc of the phases times the "
          "cross-section (so 0.02 is a crack across 2 % of it). Later steps "
          "adapt it so that each changes the stress by half the Path "
          "following drop of the strength (at most doubling or halving from "
          "one step to the next).");
      prm.declare_entry(
          "Target iterations",
          "20",
          Patterns::Integer(2),
          "The staggered iterations a step should take: with Adaptive "
          "increments, and under dissipation control (a step that took more "
          "than twice these halves the next increment; one not converged in "
          "ten times these is repeated with half).");
    }

    /// Crack-following refinement and undamaged grips.
    void
    declare_refinement_entries(dealii::ParameterHandler &prm)
    {
      namespace Patterns = dealii::Patterns;
      prm.declare_entry("Adaptive refinement",
                        "false",
                        Patterns::Bool(),
                        "Refine the mesh where the crack forms: after each "
                        "load step, cells whose damage exceeds Refinement "
                        "damage threshold are refined (damage and displacement "
                        "carried over exactly) until they are l / Cells per "
                        "length scale small, and the step is solved again on "
                        "the new mesh.");
      prm.declare_entry("Refinement damage threshold",
                        "0.2",
                        Patterns::Double(0., 1.),
                        "Damage above which a cell is refined (with Adaptive "
                        "refinement).");
      prm.declare_entry("Cells per length scale",
                        "4",
                        Patterns::Double(1.),
                        "Adaptive refinement stops when the damaged cells are "
                        "l / this small.");
      prm.declare_entry("Refinement band",
                        "0",
                        Patterns::Double(0.),
                        "With Adaptive refinement: each refinement also "
                        "refines the cells within this many l of a damaged "
                        "cell, so that a growing crack finds fine cells ahead "
                        "and needs fewer refinement rounds (each a new mesh "
                        "and new matrices). 0: only damaged cells and their "
                        "face neighbours.");
      prm.declare_entry("Undamaged grips",
                        "true",
                        Patterns::Bool(),
                        "Keep the damage zero on the two gripped faces. A "
                        "crack along a free or gripped face pays only half "
                        "the energy of one inside, so without this a weak "
                        "phase at a grip breaks there, an artefact of the "
                        "grip; false for a specimen that should damage "
                        "uniformly up to its ends. In three-point bending: "
                        "the damage stays zero within 2 l of the load pad "
                        "and the supports.");
    }

    /// Initial cracks and notched specimens.
    void
    declare_crack_entries(dealii::ParameterHandler &prm)
    {
      namespace Patterns = dealii::Patterns;
      prm.declare_entry(
          "Initial cracks",
          "",
          Patterns::Anything(),
          "Cracks present before loading, as fully broken material: a band "
          "one cell wide with damage 1 on all its nodes (the cells a "
          "segment crosses; along a mesh line the cells on its left, seen "
          "from (x0, y0) to (x1, y1)), kept by irreversibility. Straight "
          "segments 'x0, y0, x1, y1' in um, several separated by ';'. In 3D "
          "each goes through the whole thickness in z. With Adaptive "
          "refinement the cells around them are refined first. Empty: none.");
      prm.declare_entry(
          "Initial penny cracks",
          "",
          Patterns::Anything(),
          "3D: penny-shaped (disc) cracks normal to z, 'cx, cy, cz, r' in "
          "um (centre and radius), several separated by ';': the band one "
          "cell thick of the cells within half a cell of the disc (on its "
          "+z side where the disc lies on a mesh plane), broken as the "
          "Initial cracks are. Empty: none.");
      prm.declare_entry(
          "Crack pressure",
          "0",
          Patterns::Double(0.),
          "Pressure on the faces of the cracks (MPa, initial and grown), "
          "constant through the run: the work p times the crack opening "
          "volume in its phase-field form, -p times the integral of u.grad "
          "d (Bourdin, Chukwudozie & Yoshioka, SPE 159154, 2012), in both "
          "the displacement and the damage equations. The crack opening "
          "volume is a column of stress_strain.csv. 0: none.");
      prm.declare_entry(
          "Notch geometry",
          "none",
          Patterns::Selection("none|single edge|centre|double edge"),
          "For results.apparent_fracture_toughness: K = F(alpha) sigma_peak "
          "sqrt(pi a) with the geometry factors of Tada, Paris & Irwin for a "
          "strip of width W (the specimen size along the first axis other "
          "than the loading direction) under tension: single edge (depth a, "
          "alpha = a/W; strip free to rotate), centre (length 2a, alpha = "
          "2a/W), double edge (two cracks of depth a, alpha = 2a/W); and G = "
          "K^2/E'. none: not computed.");
      prm.declare_entry("Notch length",
                        "0",
                        Patterns::Double(0.),
                        "a in um (half the length of a centre crack, the "
                        "depth of each of two edge cracks); 0: the length of "
                        "the first initial crack (half of it for centre).");
      prm.declare_entry("Reference modulus",
                        "0",
                        Patterns::Double(0.),
                        "E' of G = K^2/E', MPa; 0: the plane-strain modulus "
                        "along the loading direction of the volume-averaged "
                        "stiffness of the specimen (exact for one isotropic "
                        "material; an upper bound for composites, for which "
                        "the homogenized value is better).");
    }
  } // namespace

  void
  FractureParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Fracture");
    declare_model_entries(prm);
    declare_stepping_entries(prm);
    declare_path_entries(prm);
    declare_refinement_entries(prm);
    declare_crack_entries(prm);
  }


  void
  FractureParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Fracture");
    const std::string      model_name = prm.get("Model");
    model                 = model_name == "AT1" ? PhaseFieldModel::Type::at1 :
                            model_name == "PF-CZM" ? PhaseFieldModel::Type::czm :
                                                     PhaseFieldModel::Type::at2;
    const std::string law = prm.get("Softening");
    softening = law == "exponential" ? PhaseFieldModel::Softening::exponential :
                law == "Cornelissen" ? PhaseFieldModel::Softening::cornelissen :
                law == "bilinear"    ? PhaseFieldModel::Softening::bilinear :
                                       PhaseFieldModel::Softening::linear;
    peak_tolerance = prm.get_double("Peak tolerance");
    require_input(peak_tolerance > 0. && peak_tolerance <= 0.1,
                  "Fracture/Peak tolerance = " + prm.get("Peak tolerance") +
                      " must lie in (0, 0.1] (relative)");
    split                    = EnergySplit::parse(prm.get("Energy split"));
    length_scale             = prm.get_double("Length scale");
    residual                 = prm.get_double("Residual stiffness");
    increment                = prm.get_double("Strain increment");
    minimum_increment        = prm.get_double("Minimum strain increment");
    post_peak_factor         = prm.get_double("Post-peak increment factor");
    damage_tolerance         = prm.get_double("Damage tolerance");
    residual_tolerance       = prm.get_double("Residual tolerance");
    max_staggered            = prm.get_integer("Maximum staggered iterations");
    const std::string scheme = prm.get("Solver");
    step_scheme              = scheme == "Anderson" ? StepScheme::anderson :
                               scheme == "Newton"   ? StepScheme::newton :
                                                      StepScheme::staggered;
    anderson_depth           = prm.get_integer("Anderson depth");
    progress_interval        = prm.get_double("Progress interval");
    path_following           = prm.get("Path following") == "dissipation" ?
                                   PathFollowing::dissipation :
                                   PathFollowing::none;
    path_drop                = prm.get_double("Path following drop");
    dissipation_increment    = prm.get_double("Dissipation increment");
    target_iterations        = prm.get_integer("Target iterations");
    adaptive_increments      = prm.get_bool("Adaptive increments");
    failure_fraction         = prm.get_double("Failure stress fraction");
    output_every             = prm.get_integer("Output every");
    adaptive                 = prm.get_bool("Adaptive refinement");
    refinement_threshold     = prm.get_double("Refinement damage threshold");
    cells_per_length         = prm.get_double("Cells per length scale");
    refinement_band          = prm.get_double("Refinement band");
    undamaged_grips          = prm.get_bool("Undamaged grips");
    const std::string cracks = prm.get("Initial cracks");
    const std::string discs  = prm.get("Initial penny cracks");
    notch_geometry           = prm.get("Notch geometry");
    notch_length             = prm.get_double("Notch length");
    crack_pressure           = prm.get_double("Crack pressure");
    reference_modulus        = prm.get_double("Reference modulus");
    // Lists of four numbers each, separated by ';'.
    const auto parse_list = [](const std::string &entry,
                               const std::string &text,
                               const std::string &what) {
      std::vector<std::array<double, 4>> list;
      for (const std::string &item :
           dealii::Utilities::split_string_list(text, ';'))
        {
          const auto words = dealii::Utilities::split_string_list(item, ',');
          std::array<double, 4> c{};
          bool                  ok = words.size() == 4;
          for (unsigned int i = 0; ok && i < 4; ++i)
            {
              char *end = nullptr;
              c[i]      = std::strtod(words[i].c_str(), &end);
              ok = !words[i].empty() && *end == '\0' && std::isfinite(c[i]);
            }
          require_input(ok,
                        "Fracture/" + entry + " = '" + text + "': '" + item +
                            "' is not " + what);
          list.push_back(c);
        }
      return list;
    };
    initial_cracks =
        parse_list("Initial cracks", cracks, "a segment 'x0, y0, x1, y1' (um)");
    for (const auto &c : initial_cracks)
      require_input(c[0] != c[2] || c[1] != c[3],
                    "Fracture/Initial cracks = '" + cracks +
                        "': a segment 'x0, y0, x1, y1' of two different "
                        "points (um) is needed");
    penny_cracks = parse_list("Initial penny cracks",
                              discs,
                              "a disc 'cx, cy, cz, r' (um, r > 0)");
    for (const auto &c : penny_cracks)
      require_input(c[3] > 0.,
                    "Fracture/Initial penny cracks = '" + discs +
                        "': the radius must be positive");
    require_input(notch_geometry == "none" || notch_length > 0. ||
                      !initial_cracks.empty(),
                  "Fracture/Notch geometry = " + notch_geometry +
                      " needs Fracture/Notch length or an initial crack");
    require_input(length_scale > 0., "Fracture/Length scale must be positive");
    require_input(increment > 0., "Fracture/Strain increment must be positive");
    require_input(minimum_increment > 0. && minimum_increment <= increment,
                  "Fracture/Minimum strain increment must be positive and "
                  "at most Fracture/Strain increment");
    require_input(residual > 0.,
                  "Fracture/Residual stiffness must be positive: a broken "
                  "band without it leaves the displacement problem singular");
    require_input(post_peak_factor > 0.,
                  "Fracture/Post-peak increment factor must be positive");
    require_input(path_following == PathFollowing::none || crack_pressure == 0.,
                  "Fracture/Path following = dissipation cannot be combined "
                  "with a Crack pressure: the load is then not proportional "
                  "to the applied strain");
    require_input(step_scheme != StepScheme::newton ||
                      model != PhaseFieldModel::Type::czm,
                  "Fracture/Solver = Newton works with AT1 and AT2 only: "
                  "PF-CZM's damage equation (the Rankine driving force) is "
                  "not the gradient of an energy, and Newton steps judged by "
                  "the residual settle on unstable, unlocalized states; use "
                  "staggered or Anderson");
    require_input(step_scheme != StepScheme::newton || crack_pressure == 0.,
                  "Fracture/Solver = Newton cannot be combined with a Crack "
                  "pressure (its coupling terms are not in Newton's system); "
                  "use staggered or Anderson");
    require_input(path_following == PathFollowing::none ||
                      (path_drop > 0. && dissipation_increment > 0.),
                  "Fracture/Path following drop and Dissipation increment "
                  "must be positive");
    require_input(damage_tolerance > 0. && residual_tolerance > 0.,
                  "Fracture/Damage tolerance and Residual tolerance must be "
                  "positive");
  }
} // namespace nanomech
