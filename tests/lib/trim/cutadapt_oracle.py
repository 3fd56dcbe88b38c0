"""The cutadapt 4.2 that gen_align_cases.py and gen_qualtrim_cases.py ask.

The version checked is the imported package's, the code that computes the
tables: a `cutadapt` on PATH may be ringtrim's own entry point, which also
says 4.2.
"""
import importlib
import os
import sys


def import_cutadapt_4_2(script, *modules):
    """The named modules (e.g. "cutadapt._align"), or exit naming what is wrong."""
    hint = "run it with /usr/bin/python3 after `apt-get install cutadapt` (Debian's 4.2)"
    try:
        import cutadapt
    except ImportError as e:
        sys.exit(f"{script}: cannot import cutadapt ({e}); {hint}")
    if cutadapt.__version__ != "4.2":
        sys.exit(f"{script}: needs cutadapt 4.2, found {cutadapt.__version__} "
                 f"in {os.path.dirname(cutadapt.__file__)}; {hint}")
    try:
        return [importlib.import_module(name) for name in modules]
    except ImportError as e:
        sys.exit(f"{script}: cutadapt 4.2 is there but {e}; {hint}")
