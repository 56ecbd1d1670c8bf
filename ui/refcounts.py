"""Keep ``None``, ``True`` and ``False`` alive under PySide6 6.12 on CPython 3.11.

The PySide6 6.12 wheels assume Python 3.12's immortal singletons (PEP 683):
on 3.11 every call of a void method (``widget.update()``), every Python
override that returns ``None`` to C++ (an item model's ``data()`` for a
role it does not answer) and every ``signal.emit()`` (it returns a bool)
hands back ``None``/``True``/``False`` without the reference it owes.  Each
drops the object's reference count by one; a few thousand clicks later the
count reaches zero and the interpreter aborts ("Fatal Python error:
none_dealloc" / "bool_dealloc").  Measured in this repository: 1,000 calls
of ``QWidget.update()`` lose 1,000 references to ``None``; a few hundred
``emit()`` calls abort the process.

The workaround gives each of the three singletons 2**40 extra references
once, at start-up, so the count can never reach zero in the life of a
process.  Extra references to these objects are harmless (they are never
freed anyway); too few are fatal.  Nothing is done on 3.12 and later, where
the singletons are immortal.  Remove once PySide6 is fixed or the project
requires Python >= 3.12.
"""

from __future__ import annotations

import sys

_done = False


def protect_singletons() -> bool:
    """Apply the workaround once; True when it was needed and applied."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    # 2**40 on 64-bit builds (never exhausted); a safe eighth of the range on 32-bit ones.
    reserve = min(1 << 40, 1 << (8 * ctypes.sizeof(ctypes.c_ssize_t) - 4))
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += reserve
    _done = True
    return True
