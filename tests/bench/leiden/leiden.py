"""Leiden with the constant Potts model (Traag, Van Dooren & Nesterov 2011;
Traag, Waltman & van Eck 2019) over an evidence-graph edge list.

Reads `n` then `a b w` lines from argv[1]; writes one community id per node
to argv[2]; prints the seconds the algorithm itself took (graph build and
partition) on stdout. argv[3] is the CPM resolution, argv[4] the seed.
"""
import sys
import time

import igraph as ig
import leidenalg


def main() -> None:
    src, dst, resolution, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    with open(src, encoding="ascii") as f:
        n = int(f.readline())
        edges = []
        weights = []
        for line in f:
            a, b, w = line.split()
            edges.append((int(a), int(b)))
            weights.append(float(w))
    t0 = time.perf_counter()
    graph = ig.Graph(n=n, edges=edges)
    graph.es["weight"] = weights
    partition = leidenalg.find_partition(
        graph, leidenalg.CPMVertexPartition, weights="weight", resolution_parameter=resolution, seed=seed
    )
    elapsed = time.perf_counter() - t0
    with open(dst, "w", encoding="ascii") as f:
        f.write("\n".join(str(c) for c in partition.membership))
    print(f"{elapsed:.3f}")


if __name__ == "__main__":
    main()
