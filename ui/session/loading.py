"""A project file's service while its modules are still loading (issue 21: start-up).

SQLAlchemy, the model and the service take three times as long to import as
a bare window takes to paint.  So a project file is opened by
:func:`workbench.reader.open_reader` (every check, the writer lock, plain
sqlite3 reads) and the window paints from that; just after the first paint
:meth:`LoadingService.load_in_background` imports the service on a thread and
the reader hands it the checked, locked file.

Until then the reads the first paint needs are answered by the reader (the
same dicts the service returns); anything else — a write, the history, a
worker's own connection — waits for the service (loading it on the spot if
nobody started it), so nothing behaves differently, it only may wait the
rest of that quarter second.  Once loaded, every call goes to the service.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from workbench.reader import ProjectReader
    from workbench.service import ProjectService

#: What the reader answers while the service loads (the first paint's reads).
READS = frozenset({
    "path", "name", "short_name", "read_only", "on_server", "analyst", "others_here", "version_of",
    "title", "settings", "publishing", "list_documents", "document", "list_claims", "claim", "list_sources", "source",
    "evidence_for_claim", "evidence_for_claims", "document_reading", "evidence", "list_evidence", "media_data",
    "dismissed_suggestions",
    "assess_claim", "assess_claims", "assess_all",
})


class _Signals(QObject):
    """Carries "loaded" from the loading thread to the GUI thread (a queued connection)."""

    loaded = Signal()

    def __init__(self, owner: LoadingService) -> None:
        super().__init__()
        self.loaded.connect(self._adopt, Qt.ConnectionType.QueuedConnection)
        self._owner = owner

    def _adopt(self) -> None:
        self._owner._adopt()


class LoadingService:
    """Stands in for a ProjectService until it is loaded (see module docstring)."""

    def __init__(self, reader: ProjectReader) -> None:
        self._reader: ProjectReader | None = reader
        self._service: ProjectService | None = None
        self._result: ProjectService | BaseException | None = None
        self._started = False
        self._done = threading.Event()
        self._lock = threading.Lock()
        #: ``signals.loaded`` is emitted (in the GUI thread it arrives after the service took over).
        self.signals = _Signals(self)

    @property
    def loaded(self) -> bool:
        return self._service is not None

    @property
    def service(self) -> ProjectService:
        """The full service, loaded now if it is not yet (the caller waits)."""
        if self._service is not None:
            return self._service
        if threading.current_thread() is threading.main_thread():
            self._adopt()
            if self._service is not None:
                return self._service
        else:  # a worker: wait for the service and use it; the GUI thread takes it over
            self._wait()
            result = self._result
            if result is not None and not isinstance(result, BaseException):
                return result
        result = self._result  # the load failed: say why, as opening would have
        raise result if isinstance(result, BaseException) else RuntimeError("the project is closed")

    def load_in_background(self) -> None:
        """Import the service and open it on a thread (after the first paint); idempotent."""
        self._start(background=True)

    def _start(self, *, background: bool) -> None:
        with self._lock:
            if self._started or self._reader is None:
                return
            self._started = True
        if background:
            threading.Thread(target=self._load, name="vwb-load-service", daemon=True).start()
        else:
            self._load()

    def _load(self) -> None:
        reader = self._reader
        try:
            if reader is None:
                raise RuntimeError("the project is closed")
            self._result = reader.open_service()
        except BaseException as exc:  # noqa: BLE001 - handed to whoever needs the service
            self._result = exc
        self._done.set()
        self.signals.loaded.emit()

    def _wait(self) -> None:
        """Until the service is loaded (loading it in this thread if nobody started it)."""
        self._start(background=False)
        self._done.wait()

    def _adopt(self) -> None:
        """Take the loaded service over (GUI thread only): wait for the load, or load it here."""
        if self._service is not None or self._reader is None:
            return
        self._wait()
        result = self._result
        if self._service is not None or result is None or isinstance(result, BaseException):
            return
        reader, self._reader = self._reader, None
        if reader is None:
            return
        result.adopt_versions(reader.seen)  # rows read since the hand-over
        result.analyst = reader.analyst  # a name set in Preferences while it loaded
        reader.close()
        self._service = result

    def __getattr__(self, name: str) -> Any:
        # Only names not set on this object arrive here: the service's API.
        service = self.__dict__.get("_service")
        if service is None and name in READS:
            reader = self.__dict__.get("_reader")
            if reader is not None:
                return getattr(reader, name)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.service, name)

    def __setattr__(self, name: str, value: Any) -> None:
        # The service's public attributes (the analyst's name) are set on whoever answers now.
        if name.startswith("_") or name == "signals":
            object.__setattr__(self, name, value)
            return
        target: Any = self.__dict__.get("_service") or self.__dict__.get("_reader") or self.service
        setattr(target, name, value)

    def reopen(self, *, read_only: bool = True) -> ProjectService:
        """Another handle for a worker thread (waits for the service)."""
        return self.service.reopen(read_only=read_only)

    def close(self) -> None:
        """Close the project: the service (waiting for a load under way), else the reader."""
        if self._started:
            self._done.wait()
            if threading.current_thread() is threading.main_thread():
                self._adopt()
        if self._service is not None:
            self._service.close()
        else:
            result = self._result
            if result is not None and not isinstance(result, BaseException):
                result.close()  # loaded but never taken over: it holds the file now
            if self._reader is not None:
                self._reader.close()
        self._reader = None
