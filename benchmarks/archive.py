"""A batch over a big archive: memory stays flat, workers scale, Dask matches the local pool.

    python benchmarks/archive.py [--sizes 100 1000] [--speedup 100] [--dask 100] [--corpus DIR ...]

Builds archives of N files in a temporary folder by hard links (copies where
links cannot be made) to the corpora's PDFs, spread over nested folders
(``dNN/sM/<stem>-<i>.pdf``), so that N can grow without disk or download. To
keep a 1,000-file run to minutes on a shared 2-core machine only the short
text-layer PDFs go in: at most ``--max-pages`` declared pages and at most
``--max-kb-per-page`` bytes per page (a scan's page image is far heavier; the
OCR'd files would take most of the time and add nothing new to what is
measured here).

Prints ``archive:`` lines:

* ``extract N files``: ``thaitab extract ARCHIVE -o OUT --workers 2`` in a fresh
  process: wall time, files/s, pages/s, and the peak RSS of the whole process
  tree (the batch process and its workers, summed, sampled every 50 ms);
* ``combine N files``: the combined dataset (all.*, cells.*) built again from
  the per-file outputs in a fresh process: rows, cells, seconds, and its peak
  RSS (``ru_maxrss``) next to the same process's peak before it started (the
  imports: thaitab, pandas, pyarrow, openpyxl), so the difference is what building costs;
* ``combine N files (per-file outputs linked ...)``: the same for a far bigger
  archive (``--combine-scale``) whose per-file outputs are hard links to the
  largest extracted run's, to show the build stays flat beyond what can be
  extracted here;
* ``speed-up``: files/s with 2 workers over 1 on the ``--speedup`` archive;
* ``dask``: the ``--dask`` archive on a local scheduler with two worker
  processes (``dask scheduler`` and ``dask worker`` on 127.0.0.1): whether every
  output is identical to the local pool's (per-file CSV/XLSX bytes, all.*,
  cells.*, the manifest without its times), and the client process's CPU time
  as a share of the run's wall time;
* ``dask no workers``: a scheduler without workers: seconds until thaitab
  stops, and its stderr (one line).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # _common and bench, wherever this is run from
from _common import REPO, SHARED, cpu_seconds, manifest_rows, output_tree, repo_env, thaitab_cmd  # noqa: E402

CORPORA = [Path("/work/shared/corpus/dev"), Path("/work/shared/realworld"),
           SHARED / "corpus" / "dev", SHARED / "realworld"]


def sources(corpora: list[Path], max_pages: int, max_kb_per_page: float) -> list[Path]:
    """The corpora's short text-layer PDFs (see the module docstring)."""
    from thaitab.batch.manifest import file_digest

    found, seen = [], set()
    for folder in corpora:
        if not folder.is_dir() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        for pdf in sorted(folder.glob("*.pdf")):
            pages = file_digest(pdf)[1]
            if 0 < pages <= max_pages and pdf.stat().st_size / pages <= max_kb_per_page * 1024:
                found.append(pdf)
    return found


def build_archive(root: Path, n: int, pdfs: list[Path]) -> Path:
    """``n`` files below ``root``: 50 to a folder, 7 sub-folders each."""
    for i in range(n):
        src = pdfs[i % len(pdfs)]
        dest = root / f"d{i // 50:02d}" / f"s{i % 7}" / f"{src.stem}-{i:04d}.pdf"
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dest)
        except OSError:
            shutil.copyfile(src, dest)
    return root


def tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


LAST_TREE_CPU = [0.0]  # CPU seconds of the last run_sampled command and all its processes


def run_sampled(cmd: list[str], env: dict | None = None) -> tuple[int, float, int, float, str]:
    """Run ``cmd`` (importing thaitab from this checkout): (exit code, seconds, peak RSS
    of its process tree, its own CPU seconds, stderr); the CPU seconds of the whole
    tree in ``LAST_TREE_CPU``."""
    import psutil

    err = tempfile.TemporaryFile(mode="w+")
    tree_cpu = cpu_seconds(children_only=True)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env or repo_env())
    ps = psutil.Process(proc.pid)
    peak, cpu = 0, 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        try:
            t = ps.cpu_times()
            cpu = t.user + t.system  # its own, not its children's
        except psutil.Error:
            pass
        time.sleep(0.05)
    took = time.monotonic() - start
    LAST_TREE_CPU[0] = cpu_seconds(children_only=True) - tree_cpu
    err.seek(0)
    return proc.returncode, took, peak, cpu, err.read()


def manifest_pages(out: Path) -> int:
    return sum(int(e["pages"] or 0) for e in manifest_rows(out))


COMBINE = r"""
import resource, sys, time
from pathlib import Path
import openpyxl, pandas, pyarrow.parquet  # imported before "before": what building itself costs
from thaitab.batch import BatchSettings, plan_tasks, read_manifest
from thaitab.batch import combine
from thaitab.cli import find_pdfs
arch, out = Path(sys.argv[1]), Path(sys.argv[2])
pdfs = find_pdfs([str(arch)], [])
settings = BatchSettings(out=out, workers=1)
tasks = plan_tasks(pdfs, settings)
old = read_manifest(out / "manifest.csv")
entries = [old.get(t.source_path) for t in tasks]
for name in combine.targets(out):
    (out / name).unlink(missing_ok=True)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
counts = combine.write_combined(out, tasks, entries, settings)
took = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(counts.measures_rows, counts.table_rows, counts.cells, f"{took:.1f}", before // 1024, after // 1024)
"""


def combine_memory(arch: Path, out: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", COMBINE, str(arch), str(out)], capture_output=True,
                          text=True, cwd=REPO)
    if proc.returncode:
        return "failed: " + proc.stderr.strip().splitlines()[-1]
    measures, rows, cells, took, before, after = proc.stdout.split()
    return (f"{int(measures):,} measures rows, {int(rows):,} table rows, {int(cells):,} cells, {took} s; "
            f"peak RSS {after} MB ({int(after) - int(before)} MB over the {before} MB before building)")


def scaled_outputs(arch_from: Path, out_from: Path, n: int, work: Path, pdfs: list[Path]) -> tuple[Path, Path]:
    """An archive of ``n`` files whose per-file outputs are hard links to those of
    an archive already extracted (file i gets the outputs of the file that has
    the same source PDF), with a manifest to match: the combined dataset of a far
    bigger batch can then be built and measured without extracting it."""
    from thaitab.batch import read_manifest, write_manifest

    arch = build_archive(work / f"in{n}", n, pdfs)
    out = work / f"out{n}-scaled"
    done = read_manifest(out_from / "manifest.csv")
    have = sum(1 for _ in arch_from.rglob("*.pdf"))
    cycle = have - have % len(pdfs)

    def place(i: int) -> tuple[Path, str]:
        return Path(f"d{i // 50:02d}") / f"s{i % 7}", f"{pdfs[i % len(pdfs)].stem}-{i:04d}"

    entries = []
    for i in range(n):
        (d, stem), (dj, stemj) = place(i), place(i % cycle)
        entries.append(dict(done[(dj / f"{stemj}.pdf").as_posix()], path=(d / f"{stem}.pdf").as_posix()))
        (out / d).mkdir(parents=True, exist_ok=True)
        for f in (out_from / dj).glob(f"{stemj}.*"):
            target = out / d / (stem + f.name[len(stemj):])
            if not target.exists():
                os.link(f, target)
    write_manifest(out / "manifest.csv", entries)
    return arch, out


def extract(arch: Path, out: Path, workers: int, *extra: str) -> tuple[int, float, int, float, str]:
    env = repo_env(THAITAB_OCR_THREADS="1")
    return run_sampled(thaitab_cmd() + ["extract", str(arch), "-o", str(out), "--workers", str(workers),
                                        "--quiet", *extra], env=env)


def comparable(out: Path) -> dict[str, object]:
    """Every output by path: bytes, and the manifest without its times and statuses."""
    return output_tree(out)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str]) -> subprocess.Popen:
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def dask_bin(name: str) -> list[str]:
    exe = Path(sys.executable).with_name("dask")
    return [str(exe), name] if exe.exists() else [sys.executable, "-m", "distributed.cli.dask_" + name]


def wait_for_port(port: int, seconds: float = 30) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"archive: the dask scheduler did not start on port {port}")


def dask_runs(arch: Path, local_out: Path, work: Path) -> None:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env_procs = [start(dask_bin("scheduler") + ["--host", "127.0.0.1", "--port", str(port),
                                                "--no-dashboard"])]
    try:
        wait_for_port(port)
        # no workers yet: thaitab must stop within seconds, in one line
        rc, took, _, _, err = run_sampled(thaitab_cmd() + ["extract", str(arch), "-o", str(work / "noworkers"),
                                                           "--executor", "dask", "--scheduler", address])
        lines = [ln for ln in err.splitlines() if ln.strip()]
        print(f"archive: dask no workers: exit {rc} after {took:.1f} s, {len(lines)} line(s) on stderr: "
              f"{lines[-1] if lines else ''}")
        env = repo_env(THAITAB_OCR_THREADS="1")
        for _ in range(2):
            env_procs.append(subprocess.Popen(
                dask_bin("worker") + [address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                                      "--host", "127.0.0.1"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
        from distributed import Client

        with Client(address, timeout="30s") as c:
            c.wait_for_workers(2, timeout=60)
        out = work / "dask"
        rc, took, _, cpu, err = run_sampled(thaitab_cmd() + ["extract", str(arch), "-o", str(out), "--quiet",
                                                             "--executor", "dask", "--scheduler", address])
        same = comparable(out) == comparable(local_out)
        files = sum(1 for _ in arch.rglob("*.pdf"))
        print(f"archive: dask 2 workers, {files} files: exit {rc}, {took:.1f} s, "
              f"outputs identical to the local pool: {'yes' if same else 'NO'}; client CPU {cpu:.1f} s = "
              f"{100 * cpu / took:.1f} % of the run")
        if err.strip():
            print("archive: dask stderr: " + err.strip().splitlines()[-1])
    finally:
        stop(env_procs[::-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--speedup", type=int, default=100, help="archive size for 1 vs 2 workers (0: skip)")
    ap.add_argument("--dask", type=int, default=100, help="archive size for the Dask runs (0: skip)")
    ap.add_argument("--combine-scale", type=int, default=5000,
                    help="also build the combined dataset of this many files, outputs linked (0: skip)")
    ap.add_argument("--corpus", type=Path, nargs="+", default=None)
    ap.add_argument("--max-pages", type=int, default=12)
    ap.add_argument("--max-kb-per-page", type=float, default=60.0)
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep it (default: a temporary folder)")
    args = ap.parse_args(argv)

    pdfs = sources(args.corpus or CORPORA, args.max_pages, args.max_kb_per_page)
    if not pdfs:
        print("archive: no source PDFs found (give --corpus DIR)")
        return 2
    print(f"archive: {len(pdfs)} source PDFs: {', '.join(p.name for p in pdfs)}")
    print(f"archive: machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="thaitab-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        runs: dict[tuple[int, int], float] = {}
        for n in sorted(set(args.sizes) | ({args.speedup, args.dask} - {0})):
            arch = build_archive(work / f"in{n}", n, pdfs)
            if n in args.sizes or n in (args.speedup, args.dask):
                out = work / f"out{n}-2"
                rc, took, peak, serial, err = extract(arch, out, 2)
                runs[(n, 2)] = took
                pages = manifest_pages(out)
                last = [ln for ln in err.splitlines() if re.match(r"thaitab: \d+ files:", ln)]
                print(f"archive: extract {n} files, 2 workers: exit {rc}, {took:.1f} s, {n / took:.2f} files/s, "
                      f"{pages / took:.1f} pages/s ({pages:,} pages), {LAST_TREE_CPU[0]:.1f} CPU-s "
                      f"({serial:.1f} in the batch process); peak RSS of the process tree "
                      f"{peak / 2**20:.0f} MB")
                if last:
                    print("archive:   " + last[-1].replace(str(out), "OUT"))
                if n in args.sizes:
                    print(f"archive: combine {n} files: {combine_memory(arch, out)}")
            if n == args.speedup:
                from bench import parallel_capacity

                rc, took, peak, serial, _ = extract(arch, work / f"out{n}-1", 1)
                cpu = LAST_TREE_CPU[0]
                runs[(n, 1)] = took
                print(f"archive: extract {n} files, 1 worker: exit {rc}, {took:.1f} s, {n / took:.2f} files/s, "
                      f"{cpu:.1f} CPU-s ({serial:.1f} in the batch process); peak RSS of the process tree "
                      f"{peak / 2**20:.0f} MB")
                estimate = cpu / (serial + max(0.0, cpu - serial) / 2)
                print(f"archive: speed-up 2 vs 1 workers on {n} files: {runs[(n, 1)] / runs[(n, 2)]:.2f}x "
                      f"(2 busy processes get {parallel_capacity(2):.1f} CPUs right now); CPU-time estimate "
                      f"{estimate:.2f}x (the batch process's own CPU serial, the workers' divided by 2)")
            if n == args.dask:
                dask_runs(arch, work / f"out{n}-2", work)
        if args.combine_scale and args.sizes:
            n = max(args.sizes)
            arch, out = scaled_outputs(work / f"in{n}", work / f"out{n}-2", args.combine_scale, work, pdfs)
            print(f"archive: combine {args.combine_scale} files (per-file outputs linked from the {n}-file run): "
                  f"{combine_memory(arch, out)}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
