#include "microstructure/power_diagram.h"

#include "base/exceptions.h"
#include "microstructure/particles.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace nanomech::Microstructure
{
  namespace
  {
    template <int dim>
    double
    box_volume(const dealii::Point<dim> &size)
    {
      double v = 1.;
      for (unsigned int d = 0; d < dim; ++d)
        v *= size[d];
      return v;
    }

    /// Surface (perimeter in 2D) of a ball of diameter D.
    template <int dim>
    double
    ball_surface(const double D)
    {
      return dim == 2 ? M_PI * D : M_PI * D * D;
    }

    int
    floor_div(const int a, const int n)
    {
      return a >= 0 ? a / n : -((-a + n - 1) / n);
    }

    /**
     * The Newton direction of the power-diagram weights for cell volumes
     * @p V towards @p targets: L x = V* - V with L the weighted graph
     * Laplacian of the @p faces (A_ij / (2 |s_i - s_j|)), plus a small
     * diagonal (a cell that has vanished has no faces) that also fixes the
     * free constant; Jacobi-preconditioned conjugate gradients.
     */
    template <int dim>
    std::vector<double>
    newton_direction(
        const std::vector<double> &targets,
        const std::vector<double> &V,
        const std::vector<std::vector<std::pair<unsigned int, double>>> &faces)
    {
      const unsigned int  N = targets.size();
      std::vector<double> diag(N), r(N), x(N, 0.), z(N), q(N), Lq(N);
      for (unsigned int i = 0; i < N; ++i)
        {
          const double D = equivalent_diameter<dim>(targets[i]);
          diag[i]        = 1e-2 * ball_surface<dim>(D) / (2. * D);
          for (const auto &f : faces[i])
            diag[i] += f.second;
          r[i] = targets[i] - V[i];
        }
      auto apply = [&](const std::vector<double> &v, std::vector<double> &out) {
        for (unsigned int i = 0; i < N; ++i)
          {
            out[i] = diag[i] * v[i];
            for (const auto &[j, a] : faces[i])
              out[i] -= a * v[j];
          }
      };
      double rz = 0., r0 = 0.;
      for (unsigned int i = 0; i < N; ++i)
        {
          z[i] = r[i] / diag[i];
          q[i] = z[i];
          rz += r[i] * z[i];
          r0 += r[i] * r[i];
        }
      for (unsigned int cg = 0; cg < 1000; ++cg)
        {
          double rr = 0.;
          for (unsigned int i = 0; i < N; ++i)
            rr += r[i] * r[i];
          if (rr <= 1e-20 * r0)
            break;
          apply(q, Lq);
          double qLq = 0.;
          for (unsigned int i = 0; i < N; ++i)
            qLq += q[i] * Lq[i];
          const double alpha  = rz / qLq;
          double       rz_new = 0.;
          for (unsigned int i = 0; i < N; ++i)
            {
              x[i] += alpha * q[i];
              r[i] -= alpha * Lq[i];
              z[i] = r[i] / diag[i];
              rz_new += r[i] * z[i];
            }
          for (unsigned int i = 0; i < N; ++i)
            q[i] = z[i] + rz_new / rz * q[i];
          rz = rz_new;
        }
      return x;
    }
  } // namespace

  template <int dim>
  double
  equivalent_diameter(const double volume)
  {
    return dim == 2 ? std::sqrt(4. * volume / M_PI) :
                      std::cbrt(6. * volume / M_PI);
  }

  template <int dim>
  PowerDiagram<dim>::PowerDiagram(const dealii::Point<dim> &size,
                                  const bool                periodic,
                                  const std::vector<dealii::Point<dim>> &sites,
                                  const std::vector<double> &weights)
      : size(size)
      , periodic(periodic)
      , sites(sites)
      , weights(weights)
  {
    AssertThrow(!sites.empty() && sites.size() == weights.size(),
                dealii::ExcInternalError());
    if (periodic)
      for (auto &s : this->sites)
        for (unsigned int d = 0; d < dim; ++d)
          s[d] -= size[d] * std::floor(s[d] / size[d]);
    make_buckets();
  }

  template <int dim>
  void
  PowerDiagram<dim>::make_buckets()
  {
    max_weight = *std::max_element(weights.begin(), weights.end());
    // About one site per bucket. A bounded grid covers the box and every
    // site, so that the ring search below can tell when it has seen all.
    const double h     = std::pow(box_volume(size) / sites.size(), 1. / dim);
    unsigned int n_all = 1;
    for (unsigned int d = 0; d < dim; ++d)
      {
        double lo = 0., hi = size[d];
        if (!periodic)
          for (const auto &s : sites)
            {
              lo = std::min(lo, s[d]);
              hi = std::max(hi, s[d]);
            }
        origin[d]    = lo;
        n_buckets[d] = std::max(1, int((hi - lo) / h));
        bucket[d]    = (hi - lo) / n_buckets[d];
        n_all *= n_buckets[d];
      }
    buckets.assign(n_all, {});
    for (unsigned int i = 0; i < sites.size(); ++i)
      {
        unsigned int index = 0;
        for (int d = dim - 1; d >= 0; --d)
          index = index * n_buckets[d] +
                  std::clamp(int((sites[i][d] - origin[d]) / bucket[d]),
                             0,
                             n_buckets[d] - 1);
        buckets[index].push_back(i);
      }
  }

  template <int dim>
  void
  PowerDiagram<dim>::add_ring(const dealii::Point<dim> &p,
                              const int                *home,
                              const int                 k,
                              std::vector<Candidate>   &candidates,
                              double                   &best) const
  {
    const int width     = 2 * k + 1;
    int       n_offsets = 1;
    for (unsigned int d = 0; d < dim; ++d)
      n_offsets *= width;
    for (int o = 0; o < n_offsets; ++o)
      {
        int                    r = o, index = 0, ring = 0;
        int                    b[dim];
        bool                   valid = true;
        dealii::Tensor<1, dim> shift;
        for (unsigned int d = 0; d < dim; ++d, r /= width)
          {
            const int offset = r % width - k;
            ring             = std::max(ring, std::abs(offset));
            b[d]             = home[d] + offset;
            if (periodic)
              {
                const int wraps = floor_div(b[d], n_buckets[d]);
                shift[d]        = wraps * size[d];
                b[d] -= wraps * n_buckets[d];
              }
            else if (b[d] < 0 || b[d] >= n_buckets[d])
              valid = false;
          }
        if (!valid || ring != k)
          continue;
        for (int d = dim - 1; d >= 0; --d)
          index = index * n_buckets[d] + b[d];
        for (const unsigned int i : buckets[index])
          {
            const dealii::Point<dim> x     = sites[i] + shift;
            const double             power = p.distance_square(x) - weights[i];
            candidates.push_back({x, power, i});
            best = std::min(best, power);
          }
      }
  }

  template <int dim>
  double
  PowerDiagram<dim>::distance_outside(const dealii::Point<dim> &p,
                                      const int                *home,
                                      const int                 k) const
  {
    double outside = std::numeric_limits<double>::infinity();
    for (unsigned int d = 0; d < dim; ++d)
      {
        if (periodic || home[d] - k > 0)
          outside =
              std::min(outside, p[d] - origin[d] - (home[d] - k) * bucket[d]);
        if (periodic || home[d] + k + 1 < n_buckets[d])
          outside = std::min(outside,
                             origin[d] + (home[d] + k + 1) * bucket[d] - p[d]);
      }
    return outside;
  }

  template <int dim>
  typename PowerDiagram<dim>::Location
  PowerDiagram<dim>::locate(const dealii::Point<dim> &p_in,
                            const double              reach,
                            const Margin              margin,
                            const void               *context) const
  {
    dealii::Point<dim> p = p_in;
    if (periodic)
      for (unsigned int d = 0; d < dim; ++d)
        p[d] -= size[d] * std::floor(p[d] / size[d]);
    int home[dim];
    for (unsigned int d = 0; d < dim; ++d)
      home[d] = std::clamp(int(std::floor((p[d] - origin[d]) / bucket[d])),
                           0,
                           n_buckets[d] - 1);

    // Reused between the queries of a thread (material_at runs on worker
    // threads too): no allocation per point.
    thread_local std::vector<Candidate> candidates;
    candidates.clear();
    double best = std::numeric_limits<double>::infinity();

    // Rings of buckets at Chebyshev distance k from the home bucket.
    for (int k = 0;; ++k)
      {
        add_ring(p, home, k, candidates, best);
        // Every site not yet seen lies outside the block of buckets
        // home +- k: at least `outside` from p. It can be the nearest cell,
        // or within `reach` of the nearest cell's bisector, only if it is
        // closer than `needed` (|x - s_j|^2 - w_max < best + 2 reach
        // |s_j - s_best|, |s_j - s_best| <= |x - s_j| + sqrt(best + w_max)).
        const double outside = distance_outside(p, home, k);
        if (outside == std::numeric_limits<double>::infinity())
          break; // bounded: every bucket seen
        if (best < std::numeric_limits<double>::infinity())
          {
            const double w = max_weight + best;
            const double needed =
                reach + std::sqrt(reach * reach + w +
                                  2. * reach * std::sqrt(std::max(0., w)));
            if (outside >= needed)
              break;
          }
      }

    const Candidate *winner = &candidates[0];
    for (const Candidate &c : candidates)
      if (c.power < winner->power)
        winner = &c;
    double       distance  = std::numeric_limits<double>::infinity();
    unsigned int neighbour = dealii::numbers::invalid_unsigned_int;
    if (reach > 0.)
      for (const Candidate &c : candidates)
        if (c.site != winner->site)
          {
            double d =
                (c.power - winner->power) / (2. * c.x.distance(winner->x));
            if (margin != nullptr && d < reach)
              d -= margin(context, winner->site, c.site);
            if (d < distance)
              {
                distance  = d;
                neighbour = c.site;
              }
          }
    return {winner->site, distance, neighbour};
  }

  template <int dim>
  std::vector<double>
  PowerDiagram<dim>::cell_volumes(const unsigned int n_points) const
  {
    return count(n_points, nullptr);
  }

  template <int dim>
  std::vector<double>
  PowerDiagram<dim>::count(
      const unsigned int                                         n_points,
      std::vector<std::vector<std::pair<unsigned int, double>>> *faces,
      std::vector<dealii::Point<dim>> *centroids) const
  {
    const double         V = box_volume(size);
    const double         h = std::pow(V / n_points, 1. / dim);
    std::array<int, dim> n;
    unsigned int         total = 1;
    for (unsigned int d = 0; d < dim; ++d)
      {
        n[d] = std::max(1, int(std::lround(size[d] / h)));
        total *= n[d];
      }
    std::vector<unsigned int> cell(total);
    std::vector<double>       volumes(sites.size(), 0.);
    if (centroids != nullptr)
      centroids->assign(sites.size(), dealii::Point<dim>());
    for (unsigned int k = 0; k < total; ++k)
      {
        dealii::Point<dim> p;
        unsigned int       r = k;
        for (unsigned int d = 0; d < dim; ++d)
          {
            p[d] = (r % n[d] + 0.5) / n[d] * size[d];
            r /= n[d];
          }
        cell[k] = locate(p).cell;
        volumes[cell[k]] += V / total;
        if (centroids != nullptr)
          {
            // Offsets from the site, minimum image when periodic.
            dealii::Tensor<1, dim> dx = p - sites[cell[k]];
            if (periodic)
              for (unsigned int d = 0; d < dim; ++d)
                dx[d] -= size[d] * std::round(dx[d] / size[d]);
            (*centroids)[cell[k]] += dx * (V / total);
          }
      }
    if (faces == nullptr)
      return volumes;

    // Links between neighbouring lattice points of different cells.
    std::vector<std::map<unsigned int, double>> links(sites.size());
    const double mean_projection = dim == 2 ? 4. / M_PI : 1.5;
    unsigned int stride          = 1;
    for (unsigned int d = 0; d < dim; ++d)
      {
        const double cross = V / total / (size[d] / n[d]) / mean_projection;
        for (unsigned int k = 0; k < total; ++k)
          {
            const int i = (k / stride) % n[d];
            if (i + 1 == n[d] && !periodic)
              continue;
            const unsigned int next =
                i + 1 < n[d] ? k + stride : k - (n[d] - 1) * stride;
            const unsigned int a = cell[k], b = cell[next];
            if (a != b)
              {
                links[a][b] += cross;
                links[b][a] += cross;
              }
          }
        stride *= n[d];
      }
    faces->assign(sites.size(), {});
    for (unsigned int a = 0; a < sites.size(); ++a)
      for (const auto &[b, area] : links[a])
        {
          dealii::Tensor<1, dim> dx = sites[b] - sites[a];
          if (periodic)
            for (unsigned int d = 0; d < dim; ++d)
              dx[d] -= size[d] * std::round(dx[d] / size[d]);
          (*faces)[a].emplace_back(b,
                                   area / (2. * std::max(dx.norm(), 1e-300)));
        }
    return volumes;
  }

  template <int dim>
  void
  PowerDiagram<dim>::move_sites_to_centroids(const unsigned int n_points)
  {
    std::vector<dealii::Point<dim>> moments;
    const std::vector<double>       V = count(n_points, nullptr, &moments);
    for (unsigned int i = 0; i < sites.size(); ++i)
      if (V[i] > 0.)
        {
          sites[i] += moments[i] / V[i];
          if (periodic)
            for (unsigned int d = 0; d < dim; ++d)
              sites[i][d] -= size[d] * std::floor(sites[i][d] / size[d]);
          else
            for (unsigned int d = 0; d < dim; ++d)
              sites[i][d] = std::clamp(sites[i][d], 0., size[d]);
        }
    make_buckets();
  }

  template <int dim>
  double
  PowerDiagram<dim>::fit_volumes(const std::vector<double> &targets_in,
                                 const unsigned int         n_points,
                                 const unsigned int         max_iterations,
                                 const double               tolerance)
  {
    const unsigned int  N       = sites.size();
    std::vector<double> targets = targets_in;
    double              sum     = 0.;
    for (const double v : targets)
      sum += v;
    for (double &v : targets)
      v *= box_volume(size) / sum;
    auto rms_error = [&](const std::vector<double> &V) {
      double e = 0.;
      for (unsigned int i = 0; i < N; ++i)
        e += std::pow((V[i] - targets[i]) / targets[i], 2);
      return std::sqrt(e / N);
    };

    std::vector<std::vector<std::pair<unsigned int, double>>> faces;
    std::vector<double> V     = count(n_points, &faces);
    double              error = rms_error(V);
    double              step  = 1.;
    for (unsigned int it = 0; it < max_iterations && error > tolerance; ++it)
      {
        const std::vector<double> x = newton_direction<dim>(targets, V, faces);

        // Damped step: halve it until the error drops.
        const std::vector<double> old_weights = weights;
        bool                      improved    = false;
        for (unsigned int halving = 0; halving < 6 && !improved; ++halving)
          {
            for (unsigned int i = 0; i < N; ++i)
              weights[i] = old_weights[i] + step * x[i];
            max_weight = *std::max_element(weights.begin(), weights.end());
            std::vector<std::vector<std::pair<unsigned int, double>>> f;
            const std::vector<double> W = count(n_points, &f);
            const double              e = rms_error(W);
            if (e < error)
              {
                improved = true;
                error    = e;
                V        = W;
                faces    = std::move(f);
                step     = std::min(1., 2. * step);
              }
            else
              step *= 0.5;
          }
        if (!improved)
          {
            weights    = old_weights;
            max_weight = *std::max_element(weights.begin(), weights.end());
            break;
          }
      }
    return error;
  }

  template <int dim>
  SizedCells<dim>
  make_sized_cells(const dealii::Point<dim> &size,
                   const bool                periodic,
                   const SizeDistribution   &diameter,
                   const unsigned int        seed,
                   const unsigned int        points_per_cell,
                   const std::string        &path)
  {
    // Balls of diameter D packing^(1/dim): their volume / packing is the
    // cell volume, so that as many cells as fit the box are placed.
    const double     packing = dim == 2 ? 0.45 : 0.3;
    const double     shrink  = std::pow(packing, 1. / dim);
    SizeDistribution radius  = diameter;
    radius.scale(0.5 * shrink);
    const Particles<dim> balls(
        size, periodic, radius, packing, 0., 0., 20000, seed, path);

    SizedCells<dim>     cells;
    std::vector<double> weights, volumes;
    double              total = 0.;
    for (const double r : balls.particle_radii())
      {
        weights.push_back(r * r);
        const double D = 2. * r / shrink;
        volumes.push_back(dim == 2 ? M_PI * D * D / 4. : M_PI * D * D * D / 6.);
        total += volumes.back();
      }
    const double factor = std::pow(box_volume(size) / total, 1. / dim);
    for (unsigned int i = 0; i < volumes.size(); ++i)
      {
        cells.target_diameters.push_back(factor *
                                         equivalent_diameter<dim>(volumes[i]));
        cells.rotations.push_back(balls.grain_rotation(i + 1));
      }
    cells.diagram =
        PowerDiagram<dim>(size, periodic, balls.particle_centers(), weights);
    const unsigned int n_points = points_per_cell * volumes.size();
    cells.fit_error = cells.diagram.fit_volumes(volumes, n_points, 20, 0.01);
    for (unsigned int lloyd = 0; lloyd < 2; ++lloyd)
      {
        cells.diagram.move_sites_to_centroids(n_points);
        cells.fit_error =
            cells.diagram.fit_volumes(volumes, n_points, 20, 0.01);
      }
    return cells;
  }

  template double
  equivalent_diameter<2>(double);
  template double
  equivalent_diameter<3>(double);
  template class PowerDiagram<2>;
  template class PowerDiagram<3>;
  template SizedCells<2>
  make_sized_cells<2>(const dealii::Point<2> &,
                      bool,
                      const SizeDistribution &,
                      unsigned int,
                      unsigned int,
                      const std::string &);
  template SizedCells<3>
  make_sized_cells<3>(const dealii::Point<3> &,
                      bool,
                      const SizeDistribution &,
                      unsigned int,
                      unsigned int,
                      const std::string &);
} // namespace nanomech::Microstructure
