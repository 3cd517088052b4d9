"""Start LiteLLM's proxy server in a subprocess, wait until it answers, stop it cleanly."""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

from fakes.core import FakesError
from fakes.server._config import DEFAULT_MASTER_KEY, PARENT_ENV, write_config

__all__ = ["ProxyHandle", "ProxyStartError", "proxy_environment", "start_proxy"]

DEFAULT_STARTUP_TIMEOUT = 120.0
"""Seconds to wait for the proxy to answer. Importing ``litellm.proxy`` takes 5-15 s on
an idle machine and a minute or more on a busy 2-core CI runner without bytecode caches."""

_OUTPUT_TAIL = 6000  # characters of the proxy's output quoted in a start-up error
_PORT_ATTEMPTS = 3  # a free port can be taken between choosing it and the proxy binding it

# Environment variables that would make the proxy reach for a database, Redis, a
# remote config bucket or a key vault, switch to TLS, run several workers, load a
# different config, or run user hooks. A fake server must start the same everywhere.
_STRIPPED_ENV = (
    "DATABASE_URL",
    "DIRECT_URL",
    "DATABASE_URL_READ_REPLICA",
    "STORE_MODEL_IN_DB",
    "CONFIG_FILE_PATH",
    "WORKER_CONFIG",
    "LITELLM_CONFIG_BUCKET_NAME",
    "LITELLM_CONFIG_BUCKET_OBJECT_KEY",
    "LITELLM_CONFIG_BUCKET_TYPE",
    "LITELLM_WORKER_STARTUP_HOOKS",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_PASSWORD",
    "REDIS_URL",
    "REDIS_CLUSTER_NODES",
    "REDIS_SENTINEL_NODES",
    "USE_AWS_KMS",
    "AZURE_KEY_VAULT_URI",
    "LITELLM_ENABLE_PYROSCOPE",
    "SSL_KEYFILE_PATH",
    "SSL_CERTFILE_PATH",
    "NUM_WORKERS",
    "HOST",
    "PORT",
)


class ProxyStartError(FakesError):
    """The LiteLLM proxy did not start (or stopped); the message quotes its own output."""


def proxy_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment the proxy subprocess runs with.

    ``base`` (default ``os.environ``) without the variables that would connect the
    proxy to outside services, plus:

    - ``LITELLM_LOCAL_MODEL_COST_MAP=True``: use the bundled price map instead of
      downloading it from GitHub at import time;
    - ``LITELLM_MODE=PRODUCTION``: do not load a ``.env`` file from the working
      directory (LiteLLM's ``DEV`` mode does, in ``litellm`` and in its CLI);
    - ``LITELLM_DONT_SHOW_FEEDBACK_BOX=true``: no banner asking for feedback;
    - ``PYTHONPATH`` starting with the directory this ``fakes`` was imported from, so
      the proxy's ``custom_handler: fakes.litellm.handler`` is this very code;
    - ``PYTHONUNBUFFERED=1``: the output quoted in errors is complete.

    LiteLLM's ``--telemetry`` flag is a no-op in 1.106, the admin UI is served from
    the installed package (nothing is fetched), and no database is used without
    ``DATABASE_URL``: started this way the proxy opens no outgoing connection.
    """
    env = dict(os.environ if base is None else base)
    for name in _STRIPPED_ENV:
        env.pop(name, None)
    source_root = str(Path(__file__).resolve().parents[2])  # the dir that holds `fakes/`
    paths = [source_root, *(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)]
    env.update(
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        LITELLM_MODE="PRODUCTION",
        LITELLM_DONT_SHOW_FEEDBACK_BOX="true",
        PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)),
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass(eq=False)
class ProxyHandle:
    """A running LiteLLM proxy serving the fakes; a context manager that stops it on exit.

    Returned by :func:`start_proxy`, and yielded by the ``fake_openai_server``
    fixture. Point any OpenAI client at it::

        openai.OpenAI(base_url=proxy.base_url, api_key=proxy.api_key)
    """

    process: subprocess.Popen[bytes]
    """The proxy subprocess."""
    host: str
    """The address the proxy listens on."""
    port: int
    """The TCP port the proxy listens on."""
    api_key: str
    """The proxy's master key; send it as ``Authorization: Bearer <api_key>``."""
    config_path: Path
    """The proxy config file in use."""
    log_path: Path | None
    """Where the proxy's stdout and stderr go (``None`` when they are inherited)."""
    workdir: Path = field(repr=False)
    """The directory of the config and log files."""
    own_workdir: bool = field(default=False, repr=False)
    """Whether :meth:`stop` removes ``workdir`` (it made it)."""
    _stopped: bool = field(default=False, init=False, repr=False)

    @property
    def base_url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:40123`` (no ``/v1``).

        OpenAI clients take it as ``base_url`` unchanged: the proxy serves every
        route both with and without the ``/v1`` prefix.
        """
        return f"http://{_url_host(_connect_host(self.host))}:{self.port}"

    def url(self, path: str) -> str:
        """Return an absolute URL on the proxy, e.g. ``proxy.url("/v1/models")``."""
        return self.base_url + "/" + path.lstrip("/")

    @property
    def pid(self) -> int:
        """The proxy's process id."""
        return self.process.pid

    @property
    def running(self) -> bool:
        """Whether the proxy process is still alive."""
        return self.process.poll() is None

    def output(self) -> str:
        """Everything the proxy has printed so far (empty when its output is inherited)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the proxy to exit; its exit code, or ``None`` if still running at timeout."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop the proxy: SIGTERM, then SIGKILL after ``timeout`` seconds. Idempotent.

        Returns the proxy's exit code. Removes the temporary directory it made.
        """
        if not self._stopped:
            self._stopped = True
            atexit.unregister(self.stop)
            if self.process.poll() is None:
                # uvicorn shuts down gracefully on SIGTERM (SIGINT would also reach
                # a foreground process group; the proxy runs in its own session).
                with contextlib.suppress(ProcessLookupError):
                    self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            if self.own_workdir:
                shutil.rmtree(self.workdir, ignore_errors=True)
        return self.process.returncode

    def __enter__(self) -> ProxyHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else f"exited {self.process.returncode}"
        return f"<ProxyHandle {self.base_url} pid={self.process.pid} {state}>"


def start_proxy(
    host: str = "127.0.0.1",
    port: int | None = None,
    *,
    config_path: str | os.PathLike[str] | None = None,
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
    master_key: str = DEFAULT_MASTER_KEY,
    capture_output: bool = True,
    python: str | None = None,
) -> ProxyHandle:
    """Start LiteLLM's proxy serving every fake model; return once it answers.

    ``port=None`` picks a free port (each xdist worker gets its own). ``config_path``
    None writes the config to a temporary directory removed at stop; a path that
    does not exist is written with :func:`~fakes.server.write_config`; an existing
    file is used as it is (pass its ``master_key`` if it sets another one).

    Waits up to ``startup_timeout`` seconds for ``GET /health/liveliness``; raises
    :class:`ProxyStartError` with the proxy's output if it exits or does not answer
    in time (and stops it). ``capture_output=False`` lets the proxy print to this
    process's stdout/stderr (``fakes serve`` does); otherwise it goes to a log file,
    see :meth:`ProxyHandle.output`. ``python`` is the interpreter to run
    (default: this one).

    Use the handle as a context manager, or call :meth:`ProxyHandle.stop`; a
    handle still running at interpreter exit is stopped then, and a proxy whose
    parent dies stops itself.
    """
    if startup_timeout <= 0:
        raise ValueError(f"startup_timeout must be positive, got {startup_timeout!r}")
    workdir = Path(tempfile.mkdtemp(prefix="fakes-proxy-"))
    try:
        config = _config_file(config_path, workdir, master_key)
        handle = _spawn_ready(
            host,
            port,
            config,
            master_key,
            workdir,
            startup_timeout=startup_timeout,
            capture_output=capture_output,
            python=python or sys.executable,
        )
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    handle.own_workdir = True
    atexit.register(handle.stop)
    return handle


def _config_file(
    config_path: str | os.PathLike[str] | None, workdir: Path, master_key: str
) -> Path:
    """Return the proxy config to use: written to ``workdir``, to a new path, or as given."""
    if config_path is None:
        return write_config(workdir / "litellm_config.yaml", master_key)
    config = Path(config_path).resolve()
    if not config.exists():
        write_config(config, master_key)
    elif not config.is_file():
        raise ProxyStartError(f"proxy config {str(config)!r} is not a file")
    return config


def _spawn_ready(
    host: str,
    port: int | None,
    config: Path,
    master_key: str,
    workdir: Path,
    *,
    startup_timeout: float,
    capture_output: bool,
    python: str,
) -> ProxyHandle:
    """Start the proxy and wait until it answers; with no port given, retry on a taken one."""
    attempts = 1 if port is not None else _PORT_ATTEMPTS
    for attempt in range(1, attempts + 1):
        chosen = port if port is not None else _free_port(host)
        if port is not None:
            _check_port_free(host, port)
        log_path = workdir / f"proxy-{attempt}.log" if capture_output else None
        handle = _spawn(host, chosen, config, master_key, workdir, log_path, python)
        try:
            _wait_until_ready(handle, startup_timeout)
        except _PortTaken:
            handle.stop()
            if attempt == attempts:
                raise ProxyStartError(
                    f"LiteLLM proxy could not bind {host}:{chosen}: address already in use "
                    f"(tried {attempts} free ports).\n{_tail(handle)}"
                ) from None
            continue
        except BaseException:
            handle.stop()
            raise
        return handle
    raise AssertionError("unreachable")  # pragma: no cover


class _PortTaken(Exception):
    """The proxy exited because its port was taken after we chose it."""


def _spawn(
    host: str,
    port: int,
    config: Path,
    master_key: str,
    workdir: Path,
    log_path: Path | None,
    python: str,
) -> ProxyHandle:
    command = [
        python,
        "-m",
        "fakes.server._child",
        "--config",
        str(config),
        "--host",
        host,
        "--port",
        str(port),
        # One worker: the handler's call log and fault schedules live in one process.
        "--num_workers",
        "1",
    ]
    env = proxy_environment()
    env[PARENT_ENV] = str(os.getpid())
    sink: IO[bytes] | None = None
    if log_path is not None:
        sink = log_path.open("wb")
    try:
        process = subprocess.Popen(
            command,
            # The config dir as working directory: LiteLLM appends the cwd to sys.path,
            # and stray modules in the caller's cwd must not shadow anything.
            cwd=str(config.parent),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT if sink is not None else None,
            # Own session: a Ctrl-C in the terminal reaches us, and we stop the proxy.
            start_new_session=True,
        )
    finally:
        if sink is not None:
            sink.close()  # the child holds its own descriptor
    return ProxyHandle(
        process=process,
        host=host,
        port=port,
        api_key=master_key,
        config_path=config,
        log_path=log_path,
        workdir=workdir,
        own_workdir=False,
    )


def _wait_until_ready(handle: ProxyHandle, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = handle.url("/health/liveliness")
    delay = 0.05
    while True:
        code = handle.process.poll()
        if code is not None:
            if "address already in use" in handle.output().lower():
                raise _PortTaken
            raise ProxyStartError(
                f"LiteLLM proxy exited with code {code} before answering on "
                f"{handle.base_url} (config {handle.config_path}).\n{_tail(handle)}"
            )
        if _answers(probe):
            # Something answered; make sure it is our process, not a stranger on the port.
            if handle.process.poll() is None:
                return
            continue
        if time.monotonic() >= deadline:
            raise ProxyStartError(
                f"LiteLLM proxy did not answer {probe} within {timeout:g} s "
                f"(config {handle.config_path}); pass a longer startup_timeout on a slow "
                f"machine.\n{_tail(handle)}"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


# urlopen() would honour HTTP_PROXY/http_proxy and send the loopback probe to a proxy
# host; an opener with an empty ProxyHandler always connects directly.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2.0) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(handle: ProxyHandle) -> str:
    if handle.log_path is None:
        return "The proxy's output is above (it was not captured)."
    text = handle.output().strip()
    if not text:
        return "The proxy printed nothing."
    if len(text) > _OUTPUT_TAIL:
        text = "...\n" + text[-_OUTPUT_TAIL:]
    return f"Proxy output:\n{text}"


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _free_port(host: str) -> int:
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        # Same option uvicorn sets, so a port in TIME_WAIT counts as free, as it does for it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = "address already in use" if error.errno == errno.EADDRINUSE else str(error)
            raise ProxyStartError(
                f"cannot serve on {host}:{port}: {reason}; pick another --port "
                "(or port=None for a free one)"
            ) from error


def _connect_host(host: str) -> str:
    # A wildcard bind address is not a destination; talk to it over loopback.
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
