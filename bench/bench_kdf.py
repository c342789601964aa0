"""How long the production key derivation takes here (target: about 0.5–1 s on a laptop).

Prints numbers; never passes or fails on time.
"""

from __future__ import annotations

import os
import statistics
import time

from casebook.store import keys


def main() -> None:
    params = keys.V1
    salt = os.urandom(16)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        keys.derive_key("correct horse battery staple", salt, params)
        times.append(time.perf_counter() - t)
    print(f"KDF {params.name}: memory {params.memory_kib // 1024} MiB, t={params.time_cost}, "
          f"p={params.parallelism}: median {statistics.median(times):.3f} s over {len(times)} runs")


if __name__ == "__main__":
    main()
