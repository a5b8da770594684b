//! Optimal one-to-one assignment (Hungarian / Kuhn–Munkres), never greedy.
//!
//! [`assign_max`] solves the dense rectangular problem in O(r²·c) (r ≤ c after transposing), with
//! potentials in f64. [`max_weight_matching`] takes only the eligible pairs (positive weights),
//! splits them into connected components and solves each one densely, which is exact (no edge
//! joins two components) and fast for the sparse overlap graphs of real annotations.

/// Maximum-weight assignment on a dense `rows × cols` matrix `w` (row-major).
///
/// Returns `(row, col)` pairs sorted by row: every row is assigned when `rows ≤ cols`, else every
/// column. Non-finite weights count as 0.
pub fn assign_max(rows: usize, cols: usize, w: &[f64]) -> Vec<(usize, usize)> {
    if rows == 0 || cols == 0 || w.len() != rows * cols {
        return Vec::new();
    }
    let weight = |r: usize, c: usize| {
        let x = w[r * cols + c];
        if x.is_finite() { x } else { 0.0 }
    };
    let mut pairs: Vec<(usize, usize)> = if rows <= cols {
        hungarian_min(rows, cols, |i, j| -weight(i, j))
            .into_iter()
            .enumerate()
            .filter_map(|(r, c)| c.map(|c| (r, c)))
            .collect()
    } else {
        hungarian_min(cols, rows, |i, j| -weight(j, i))
            .into_iter()
            .enumerate()
            .filter_map(|(c, r)| r.map(|r| (r, c)))
            .collect()
    };
    pairs.sort_unstable();
    pairs
}

/// Minimum-cost assignment of every one of `n` rows to a distinct one of `m ≥ n` columns.
/// Classic O(n²·m) shortest augmenting path with potentials (1-based internally).
fn hungarian_min(n: usize, m: usize, cost: impl Fn(usize, usize) -> f64) -> Vec<Option<usize>> {
    debug_assert!(n <= m);
    let inf = f64::INFINITY;
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; m + 1];
    let mut p = vec![0usize; m + 1]; // p[j]: row assigned to column j (0: none)
    let mut way = vec![0usize; m + 1];
    let mut minv = vec![inf; m + 1];
    let mut used = vec![false; m + 1];
    'rows: for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        minv.iter_mut().for_each(|x| *x = inf);
        used.iter_mut().for_each(|x| *x = false);
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            if j1 == 0 {
                // Unreachable with finite costs and n ≤ m; never loop or index out of bounds.
                continue 'rows;
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut ans = vec![None; n];
    for j in 1..=m {
        if p[j] != 0 {
            ans[p[j] - 1] = Some(j - 1);
        }
    }
    ans
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Maximum-weight matching of a bipartite graph given by its edges `(row, col, weight)` with
/// positive weights (others are ignored). Exact: maximises the total weight over all one-to-one
/// matchings.
/// Returns `(row, col)` pairs sorted by row. Ties are broken by row and column order, so callers
/// that want order-independent results present rows and columns in a canonical order.
pub fn max_weight_matching(
    rows: usize,
    cols: usize,
    edges: &[(usize, usize, f64)],
) -> Vec<(usize, usize)> {
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .copied()
        .filter(|&(r, c, w)| r < rows && c < cols && w.is_finite() && w > 0.0)
        .collect();
    if edges.is_empty() {
        return Vec::new();
    }
    // An edge whose row and column have no other edge is a component of its own: matched.
    let mut deg = vec![0u32; rows + cols];
    for &(r, c, _) in &edges {
        deg[r] += 1;
        deg[rows + c] += 1;
    }
    let mut out = Vec::new();
    let (single, edges): (Vec<_>, Vec<_>) = edges
        .into_iter()
        .partition(|&(r, c, _)| deg[r] == 1 && deg[rows + c] == 1);
    out.extend(single.into_iter().map(|(r, c, _)| (r, c)));
    if edges.is_empty() {
        out.sort_unstable();
        return out;
    }
    // Union–find over rows (0..rows) and columns (rows..rows+cols).
    let mut parent: Vec<usize> = (0..rows + cols).collect();
    for &(r, c, _) in &edges {
        let a = find(&mut parent, r);
        let b = find(&mut parent, rows + c);
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    // Group edges by component root, in edge order.
    let mut comp_of_root: Vec<usize> = vec![usize::MAX; rows + cols];
    let mut comps: Vec<Vec<(usize, usize, f64)>> = Vec::new();
    for &e in &edges {
        let root = find(&mut parent, e.0);
        if comp_of_root[root] == usize::MAX {
            comp_of_root[root] = comps.len();
            comps.push(Vec::new());
        }
        comps[comp_of_root[root]].push(e);
    }
    let mut row_local = vec![usize::MAX; rows];
    let mut col_local = vec![usize::MAX; cols];
    for comp in comps {
        if comp.len() == 1 {
            out.push((comp[0].0, comp[0].1));
            continue;
        }
        let mut rs: Vec<usize> = comp.iter().map(|e| e.0).collect();
        let mut cs: Vec<usize> = comp.iter().map(|e| e.1).collect();
        rs.sort_unstable();
        rs.dedup();
        cs.sort_unstable();
        cs.dedup();
        for (k, &r) in rs.iter().enumerate() {
            row_local[r] = k;
        }
        for (k, &c) in cs.iter().enumerate() {
            col_local[c] = k;
        }
        let (nr, nc) = (rs.len(), cs.len());
        let mut w = vec![0.0; nr * nc];
        let mut is_edge = vec![false; nr * nc];
        for &(r, c, x) in &comp {
            let k = row_local[r] * nc + col_local[c];
            // Parallel edges: keep the best.
            if !is_edge[k] || x > w[k] {
                w[k] = x;
            }
            is_edge[k] = true;
        }
        for (lr, lc) in assign_max(nr, nc, &w) {
            if is_edge[lr * nc + lc] {
                out.push((rs[lr], cs[lc]));
            }
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn total(w: &[f64], cols: usize, pairs: &[(usize, usize)]) -> f64 {
        pairs.iter().map(|&(r, c)| w[r * cols + c]).sum()
    }

    /// Best total over all one-to-one partial assignments (brute force).
    fn brute(rows: usize, cols: usize, w: &[f64]) -> f64 {
        fn go(r: usize, rows: usize, cols: usize, w: &[f64], used: &mut Vec<bool>) -> f64 {
            if r == rows {
                return 0.0;
            }
            let mut best = go(r + 1, rows, cols, w, used); // row r unassigned
            for c in 0..cols {
                if !used[c] {
                    used[c] = true;
                    best = best.max(w[r * cols + c] + go(r + 1, rows, cols, w, used));
                    used[c] = false;
                }
            }
            best
        }
        go(0, rows, cols, w, &mut vec![false; cols])
    }

    #[test]
    fn classic_3x3() {
        // Costs [[4,1,3],[2,0,5],[3,2,2]] → min 5 (1+2+2); as weights −cost the max is −5.
        let w: Vec<f64> = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0]
            .iter()
            .map(|x: &f64| -x)
            .collect();
        let p = assign_max(3, 3, &w);
        assert_eq!(p, vec![(0, 1), (1, 0), (2, 2)]);
        assert_eq!(total(&w, 3, &p), -5.0);
    }

    #[test]
    fn greedy_would_be_wrong() {
        // Greedy takes 0.9 (r0,c0) then 0.1 (r1,c1) = 1.0; optimal is 0.8 + 0.8 = 1.6.
        let w = [0.9, 0.8, 0.8, 0.1];
        assert_eq!(assign_max(2, 2, &w), vec![(0, 1), (1, 0)]);
        let e = [(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.8), (1, 1, 0.1)];
        assert_eq!(max_weight_matching(2, 2, &e), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn rectangular_both_ways() {
        // 2 rows, 3 cols: best is r0→c2 (0.7) + r1→c0 (0.6) = 1.3.
        let w = [0.1, 0.2, 0.7, 0.6, 0.5, 0.4];
        assert_eq!(assign_max(2, 3, &w), vec![(0, 2), (1, 0)]);
        // Transposed: 3 rows, 2 cols.
        let t = [0.1, 0.6, 0.2, 0.5, 0.7, 0.4];
        assert_eq!(assign_max(3, 2, &t), vec![(0, 1), (2, 0)]);
    }

    #[test]
    fn degenerate_inputs() {
        assert!(assign_max(0, 3, &[]).is_empty());
        assert!(assign_max(2, 2, &[1.0]).is_empty());
        let w = [f64::NAN, 1.0, f64::INFINITY, 0.5];
        assert_eq!(assign_max(2, 2, &w).len(), 2);
        assert!(
            max_weight_matching(2, 2, &[(0, 0, 0.0), (5, 0, 1.0), (0, 1, f64::NAN)]).is_empty()
        );
    }

    #[test]
    fn components_are_independent() {
        // Two components {r0,r1}×{c0,c1} and {r2}×{c2}; r3 isolated.
        let e = [(0, 0, 0.6), (0, 1, 0.9), (1, 1, 0.7), (2, 2, 0.55)];
        // Component 1: r0→c0 + r1→c1 = 1.3 beats r0→c1 = 0.9.
        assert_eq!(max_weight_matching(4, 3, &e), vec![(0, 0), (1, 1), (2, 2)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn dense_matches_brute_force(rows in 1usize..6, cols in 1usize..6, seed in proptest::collection::vec(-1.0f64..1.0, 36)) {
            let w: Vec<f64> = seed[..rows * cols].to_vec();
            let pairs = assign_max(rows, cols, &w);
            prop_assert_eq!(pairs.len(), rows.min(cols));
            let mut rs: Vec<_> = pairs.iter().map(|p| p.0).collect();
            let mut cs: Vec<_> = pairs.iter().map(|p| p.1).collect();
            rs.dedup(); cs.sort_unstable(); cs.dedup();
            prop_assert_eq!(rs.len(), pairs.len());
            prop_assert_eq!(cs.len(), pairs.len());
            // A full assignment of min(rows, cols) pairs: compare with the brute force over full
            // assignments, which for weights shifted by +2 (all positive) is the unrestricted best.
            let shifted: Vec<f64> = w.iter().map(|x| x + 2.0).collect();
            let best = brute(rows, cols, &shifted) - 2.0 * rows.min(cols) as f64;
            prop_assert!((total(&w, cols, &pairs) - best).abs() < 1e-9, "{} vs {}", total(&w, cols, &pairs), best);
        }

        #[test]
        fn sparse_matches_brute_force(rows in 1usize..6, cols in 1usize..6,
                                      seed in proptest::collection::vec(0.0f64..1.0, 36),
                                      mask in proptest::collection::vec(any::<bool>(), 36)) {
            let w: Vec<f64> = (0..rows * cols).map(|k| if mask[k] { seed[k] } else { 0.0 }).collect();
            let edges: Vec<(usize, usize, f64)> = (0..rows * cols)
                .filter(|&k| w[k] > 0.0)
                .map(|k| (k / cols, k % cols, w[k]))
                .collect();
            let pairs = max_weight_matching(rows, cols, &edges);
            for &(r, c) in &pairs { prop_assert!(w[r * cols + c] > 0.0); }
            let best = brute(rows, cols, &w);
            prop_assert!((total(&w, cols, &pairs) - best).abs() < 1e-9);
        }
    }
}
