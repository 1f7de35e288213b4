#include "analyses/fracture/records.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace nanomech::fracture
{
  double
  energy_not_dissipated(const Step &s, const double initial_fracture_energy)
  {
    return s.external_work - s.elastic_energy - s.plastic_dissipation -
           (s.fracture_energy - initial_fracture_energy) +
           s.plastic_to_fracture;
  }

  double
  energy_balance_error(const Step &s, const double initial_fracture_energy)
  {
    if (s.external_work <= 0.)
      return 0.;
    return std::abs(energy_not_dissipated(s, initial_fracture_energy)) /
           s.external_work;
  }

  double
  toughness(const std::vector<Step> &steps)
  {
    double area = 0.;
    for (unsigned int i = 1; i < steps.size(); ++i)
      area += 0.5 * (steps[i - 1].stress + steps[i].stress) *
              (steps[i].strain - steps[i - 1].strain);
    return area;
  }

  std::string
  stress_strain_table(const std::vector<Step> &steps,
                      const unsigned int       dim,
                      const bool               crack_volume,
                      const bool               plastic,
                      const double             displacement_per_strain)
  {
    std::ostringstream csv;
    csv << std::setprecision(12);
    const std::string energy = dim == 3 ? "pJ" : "uJ_per_m";
    csv << "step,nominal_strain,nominal_stress_MPa,reaction_force_"
        << (dim == 3 ? "uN" : "N_per_m") << ",elastic_energy_" << energy
        << ",fracture_energy_" << energy << ",external_work_" << energy
        << ",staggered_iterations,n_cells,max_damage";
    if (crack_volume)
      csv << ",crack_opening_volume_" << (dim == 3 ? "um3" : "um2");
    if (plastic)
      csv << ",plastic_dissipation_" << energy << ",plastic_work_to_fracture_"
          << energy;
    csv << ",load_displacement_um\n";
    for (const Step &s : steps)
      {
        csv << s.step << ',' << s.strain << ',' << s.stress << ',' << s.force
            << ',' << s.elastic_energy << ',' << s.fracture_energy << ','
            << s.external_work << ',' << s.staggered_iterations << ','
            << s.n_cells << ',' << s.max_damage;
        if (crack_volume)
          csv << ',' << s.crack_opening_volume;
        if (plastic)
          csv << ',' << s.plastic_dissipation << ',' << s.plastic_to_fracture;
        csv << ',' << s.strain * displacement_per_strain << '\n';
      }
    return csv.str();
  }
} // namespace nanomech::fracture
