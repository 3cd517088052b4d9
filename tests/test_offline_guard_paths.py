"""Every escape path known to the offline guard, tried in a guarded test (issue 18).

A recorder sits underneath the real calls: a second audit hook, added after the guard's
own, that records any network event reaching it and aborts it. Audit hooks run in the
order they were added and an event the guard refuses reaches no later hook, so a path
the guard misses is recorded, fails its test, and still sends nothing. The targets are
TEST-NET addresses (192.0.2.0/24, 2001:db8::/32) and ``.invalid`` names besides.

Loopback, by contrast, runs for real against local listeners: it must keep working.
"""

from __future__ import annotations

import _socket
import asyncio
import contextlib
import http.client
import ipaddress
import os
import pickle
import re
import socket
import sys
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from socket import getaddrinfo as getaddrinfo_bound_at_import
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from pytest_socket import SocketConnectBlockedError

from pytest_fakes import HostResolutionBlockedError
from pytest_fakes._audit import (
    EVENTS,
    NetworkBlockedError,
    OfflineGuardWarning,
    Policy,
    activate,
    deactivate,
    is_active,
)
from pytest_fakes._offline import CHILD_ENV

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Iterator
    from pathlib import Path

# The guard on, whatever the run's options; sockets may be created (the suite's
# --disable-socket would refuse them before the guard could be seen at work).
pytestmark = [pytest.mark.enable_socket, pytest.mark.fakes(offline=True)]

_S = TypeVar("_S", bound=_socket.socket)

IP4 = "192.0.2.1"
IP6 = "2001:db8::1"
NAME = "blocked.invalid"
LINUX = sys.platform.startswith("linux")

# -- the recorder -------------------------------------------------------------------

_LOCAL_FAMILIES = {socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_UNIX", -2), -1}


class Recorded(Exception):
    """Raised by the recorder in place of a network call the guard let through."""


_recording: list[list[tuple[str, str]]] = []  # [] while off, [calls] while on
_recorder_added = False


def _literal(host: object) -> bool:
    try:
        ipaddress.ip_address(host)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def _recorder(event: str, args: tuple[Any, ...]) -> None:
    if not _recording or event not in EVENTS:
        return
    if event == "socket.__new__" and args[1] in _LOCAL_FAMILIES:
        return  # creating an inet socket sends nothing; what it is used for is recorded
    if event != "socket.__new__" and getattr(args[0], "family", None) == _socket.AF_UNIX:
        return
    if event in {"socket.getaddrinfo", "socket.gethostbyname"} and _literal(args[0]):
        return  # answered without a query (create_connection looks up even an address)
    _recording[0].append((event, repr(args[1:])))
    raise Recorded(event)


@pytest.fixture
def recorder() -> Iterator[list[tuple[str, str]]]:
    """Record (and abort) every network event the guard does not refuse."""
    global _recorder_added
    assert is_active(), "the guard must be on, so that its hook comes first"
    if not _recorder_added:
        sys.addaudithook(_recorder)
        _recorder_added = True
    calls: list[tuple[str, str]] = []
    _recording.append(calls)
    try:
        yield calls
    finally:
        _recording.clear()


# -- the paths ----------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """One way of reaching the network, and how the guard must refuse it."""

    id: str
    attempt: Callable[[], object]
    error: type[RuntimeError]
    says: str
    """Text the error must contain: the host, and the refused function."""
    skip: str = ""


def _run(coroutine: Callable[[], Coroutine[Any, Any, object]]) -> Callable[[], object]:
    return lambda: asyncio.run(coroutine())


_opened: list[_socket.socket] = []  # closed after each path


def _keep(sock: _S) -> _S:
    _opened.append(sock)
    return sock


def _tcp(family: int = socket.AF_INET) -> socket.socket:
    return _keep(socket.socket(family, socket.SOCK_STREAM))


def _udp(family: int = socket.AF_INET) -> socket.socket:
    return _keep(socket.socket(family, socket.SOCK_DGRAM))


def _c(family: int = socket.AF_INET, kind: int = socket.SOCK_STREAM) -> _socket.socket:
    """A socket of the C type itself, under socket.socket's Python methods."""
    return _keep(_socket.socket(family, kind))


def _broadcast() -> object:
    sock = _udp()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    return sock.sendto(b"x", ("<broadcast>", 9))


def _in_thread(target: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        errors: list[BaseException] = []

        def body() -> None:
            try:
                target()
            except BaseException as error:  # handed to the test's thread below
                errors.append(error)

        thread = threading.Thread(target=body)
        thread.start()
        thread.join(10)
        if errors:
            raise errors[0]
        return None

    return run


def _in_pool(target: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(target).result(10)

    return run


async def _open_connection(host: str) -> object:
    return await asyncio.open_connection(host, 80)


async def _sock_connect() -> object:
    with _tcp() as sock:
        sock.setblocking(False)
        return await asyncio.get_running_loop().sock_connect(sock, (IP4, 80))


async def _sock_sendto() -> object:
    with _udp() as sock:
        sock.setblocking(False)
        return await asyncio.get_running_loop().sock_sendto(sock, b"x", (IP4, 53))  # type: ignore[attr-defined]


async def _datagram_to_remote() -> object:
    return await asyncio.get_running_loop().create_datagram_endpoint(
        asyncio.DatagramProtocol, remote_addr=(IP4, 53)
    )


async def _loop_getaddrinfo() -> object:
    return await asyncio.get_running_loop().getaddrinfo(NAME, 80)


def _urlopen() -> object:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxy from env
    return opener.open(f"http://{NAME}/", timeout=1)


def _http_client() -> object:
    return http.client.HTTPConnection(NAME, 80, timeout=1).request("GET", "/")


def _httpx() -> object:
    httpx = pytest.importorskip("httpx")
    with httpx.Client(trust_env=False, timeout=1) as client:
        return client.get(f"http://{NAME}/")


def _requests() -> object:
    requests = pytest.importorskip("requests")
    with requests.Session() as session:
        session.trust_env = False
        return session.get(f"http://{IP4}/", timeout=1)


RESOLVE = HostResolutionBlockedError
CONNECT = SocketConnectBlockedError  # pytest-socket's error; NetworkBlockedError is one
SOCKET_PY = 'socket.socket.connect() with host "{}"'  # pytest-socket's wording

PATHS = [
    # connect, through pytest-socket's Python-level check and under it
    Path(
        "create_connection",
        lambda: socket.create_connection((IP4, 80), 1),
        CONNECT,
        SOCKET_PY.format(IP4),
    ),
    Path("socket.connect", lambda: _tcp().connect((IP4, 80)), CONNECT, SOCKET_PY.format(IP4)),
    Path(
        "socket.connect_ex",
        lambda: _tcp().connect_ex((IP4, 80)),
        NetworkBlockedError,
        f'connect to host "{IP4}" (port 80) through socket.connect',
    ),
    Path(
        "_socket.connect",
        lambda: _c().connect((IP4, 80)),
        NetworkBlockedError,
        f'connect to host "{IP4}" (port 80) through socket.connect',
    ),
    Path(
        "_socket.connect_ex",
        lambda: _c().connect_ex((IP4, 80)),
        NetworkBlockedError,
        f'connect to host "{IP4}"',
    ),
    Path(
        "unbound C connect",
        lambda: _socket.socket.connect(_tcp(), (IP4, 80)),
        NetworkBlockedError,
        f'connect to host "{IP4}"',
    ),
    Path("connect by name", lambda: _tcp().connect((NAME, 80)), CONNECT, SOCKET_PY.format(NAME)),
    # (the C type itself, _socket.socket, resolves a name before any audit event: see
    # docs/plugin.md; socket.socket's methods check names first)
    Path(
        "connect_ex by name",
        lambda: _tcp().connect_ex((NAME, 80)),
        RESOLVE,
        f'resolve host "{NAME}" through socket.socket.connect_ex',
    ),
    Path(
        "bind by name",
        lambda: _tcp().bind((NAME, 0)),
        RESOLVE,
        f'resolve host "{NAME}" through socket.socket.bind',
    ),
    Path(
        "_socket.connect IPv6",
        lambda: _c(socket.AF_INET6).connect((IP6, 80)),
        NetworkBlockedError,
        f'connect to host "{IP6}"',
    ),
    Path(
        "_socket.connect IPv4-mapped",
        lambda: _c(socket.AF_INET6).connect((f"::ffff:{IP4}", 80)),
        NetworkBlockedError,
        f'connect to host "::ffff:{IP4}"',
    ),
    Path(
        "UDP connect_ex",
        lambda: _udp().connect_ex((IP4, 53)),
        NetworkBlockedError,
        f'connect to host "{IP4}" (port 53)',
    ),
    Path(
        "connect from a thread",
        _in_thread(lambda: _tcp().connect_ex((IP4, 80))),
        NetworkBlockedError,
        f'connect to host "{IP4}"',
    ),
    Path("asyncio.open_connection", _run(lambda: _open_connection(IP4)), CONNECT, IP4),
    Path("asyncio sock_connect", _run(_sock_connect), CONNECT, IP4),
    Path("asyncio datagram remote_addr", _run(_datagram_to_remote), CONNECT, IP4),
    Path("requests", _requests, CONNECT, IP4),
    # datagrams: no connect() at all
    Path(
        "UDP sendto",
        lambda: _udp().sendto(b"x", (IP4, 53)),
        NetworkBlockedError,
        f'send to host "{IP4}" (port 53) through socket.sendto',
    ),
    Path(
        "UDP sendto with flags",
        lambda: _udp().sendto(b"x", 0, (IP4, 53)),
        NetworkBlockedError,
        f'send to host "{IP4}"',
    ),
    Path(
        "UDP sendmsg",
        lambda: _udp().sendmsg([b"x"], [], 0, (IP4, 53)),
        NetworkBlockedError,
        f'send to host "{IP4}" (port 53) through socket.sendmsg',
    ),
    Path(
        "_socket UDP sendto",
        lambda: _c(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", (IP4, 53)),
        NetworkBlockedError,
        f'send to host "{IP4}"',
    ),
    Path(
        "UDP sendto IPv6",
        lambda: _udp(socket.AF_INET6).sendto(b"x", (IP6, 53)),
        NetworkBlockedError,
        f'send to host "{IP6}"',
    ),
    Path(
        "UDP sendto by name",
        lambda: _udp().sendto(b"x", (NAME, 53)),
        RESOLVE,
        f'resolve host "{NAME}" through socket.socket.sendto',
    ),
    Path(
        "UDP sendto by name with flags",
        lambda: _udp().sendto(b"x", 0, (NAME, 53)),
        RESOLVE,
        f'resolve host "{NAME}"',
    ),
    Path(
        "UDP sendmsg by name",
        lambda: _udp().sendmsg([b"x"], [], 0, (NAME, 53)),
        RESOLVE,
        f'resolve host "{NAME}" through socket.socket.sendmsg',
    ),
    Path("UDP broadcast", _broadcast, NetworkBlockedError, 'send to host "<broadcast>"'),
    Path(
        "TCP Fast Open sendto",
        lambda: _tcp().sendto(b"x", getattr(socket, "MSG_FASTOPEN", 0), (IP4, 80)),
        NetworkBlockedError,
        f'send to host "{IP4}" (port 80) through socket.sendto',
        skip="" if hasattr(socket, "MSG_FASTOPEN") else "no MSG_FASTOPEN here",
    ),
    Path(
        "asyncio sock_sendto",
        _run(_sock_sendto),
        NetworkBlockedError,
        f'send to host "{IP4}"',
        skip="" if sys.version_info >= (3, 11) else "loop.sock_sendto is 3.11+",
    ),
    # name resolution: a DNS query is a packet too
    Path(
        "socket.getaddrinfo",
        lambda: socket.getaddrinfo(NAME, 80),
        RESOLVE,
        f'resolve host "{NAME}" through socket.getaddrinfo',
    ),
    Path(
        "_socket.getaddrinfo",
        lambda: _socket.getaddrinfo(NAME, 80),
        RESOLVE,
        f'resolve host "{NAME}"',
    ),
    Path(
        "getaddrinfo bound at import",
        lambda: getaddrinfo_bound_at_import(NAME, 80),
        RESOLVE,
        f'resolve host "{NAME}"',
    ),
    Path(
        "getaddrinfo of bytes",
        lambda: socket.getaddrinfo(NAME.encode(), 80),
        RESOLVE,
        f'resolve host "{NAME}"',
    ),
    Path(
        "socket.gethostbyname",
        lambda: socket.gethostbyname(NAME),
        RESOLVE,
        f'resolve host "{NAME}" through socket.gethostbyname',
    ),
    Path("_socket.gethostbyname", lambda: _socket.gethostbyname(NAME), RESOLVE, NAME),
    Path("socket.gethostbyname_ex", lambda: socket.gethostbyname_ex(NAME), RESOLVE, NAME),
    Path(
        "gethostbyaddr of an address",
        lambda: socket.gethostbyaddr(IP4),
        RESOLVE,
        f'resolve host "{IP4}" through socket.gethostbyaddr',
    ),
    Path("gethostbyaddr of a name", lambda: socket.gethostbyaddr(NAME), RESOLVE, NAME),
    Path("_socket.gethostbyaddr", lambda: _socket.gethostbyaddr(IP4), RESOLVE, IP4),
    Path(
        "socket.getnameinfo",
        lambda: socket.getnameinfo((IP4, 80), 0),
        RESOLVE,
        f'resolve host "{IP4}" through socket.getnameinfo',
    ),
    Path("socket.getfqdn", lambda: socket.getfqdn(NAME), RESOLVE, NAME),
    Path(
        "create_connection by name", lambda: socket.create_connection((NAME, 80), 1), RESOLVE, NAME
    ),
    Path(
        "getaddrinfo from a thread", _in_thread(lambda: socket.getaddrinfo(NAME, 80)), RESOLVE, NAME
    ),
    Path("getaddrinfo from a pool", _in_pool(lambda: _socket.getaddrinfo(NAME, 80)), RESOLVE, NAME),
    Path("asyncio loop.getaddrinfo", _run(_loop_getaddrinfo), RESOLVE, NAME),
    Path("asyncio.open_connection by name", _run(lambda: _open_connection(NAME)), RESOLVE, NAME),
    Path("urllib", _urlopen, RESOLVE, NAME),
    Path("http.client", _http_client, RESOLVE, NAME),
    Path("httpx", _httpx, RESOLVE, NAME),
    # raw networks, below IP
    Path(
        "AF_PACKET socket",
        lambda: _keep(socket.socket(getattr(socket, "AF_PACKET", 17), socket.SOCK_RAW)),
        NetworkBlockedError,
        "open a socket of family AF_PACKET through socket.__new__",
        skip="" if LINUX else "AF_PACKET is Linux's",
    ),
    Path(
        "_socket AF_PACKET socket",
        lambda: _c(getattr(socket, "AF_PACKET", 17), socket.SOCK_DGRAM),
        NetworkBlockedError,
        "family AF_PACKET",
        skip="" if LINUX else "AF_PACKET is Linux's",
    ),
]


@pytest.mark.parametrize("path", PATHS, ids=[path.id for path in PATHS])
def test_path_is_refused_and_nothing_is_sent(path: Path, recorder: list[object]) -> None:
    if path.skip:
        pytest.skip(path.skip)
    # Every refusal warns as well (pytest-socket's and ours), so a swallowed one shows.
    try:
        with (
            pytest.warns(UserWarning, match=re.escape(path.says)),
            pytest.raises(path.error) as info,
        ):
            path.attempt()
    finally:
        while _opened:
            _opened.pop().close()
    assert path.says in str(info.value)
    assert recorder == []


def test_asyncio_datagram_sendto_is_refused_loudly(recorder: list[object]) -> None:
    # The transport catches every error of its sendto() and only logs it: the refusal
    # reaches the protocol and the loop's exception handler, and warns.
    lost: list[BaseException | None] = []
    handled: list[dict[str, Any]] = []

    class Protocol(asyncio.DatagramProtocol):
        def connection_lost(self, exc: BaseException | None) -> None:
            lost.append(exc)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, context: handled.append(context))
        transport, _ = await loop.create_datagram_endpoint(Protocol, local_addr=("127.0.0.1", 0))
        transport.sendto(b"x", (IP4, 53))
        await asyncio.sleep(0)
        transport.close()
        await asyncio.sleep(0)

    with pytest.warns(OfflineGuardWarning, match=f'send to host "{IP4}"'):
        asyncio.run(main())
    assert [type(exc) for exc in lost] == [NetworkBlockedError]
    assert [type(context["exception"]) for context in handled] == [NetworkBlockedError]
    assert recorder == []


def test_error_names_the_calling_function(recorder: list[object]) -> None:
    sock = _socket.socket()
    with pytest.warns(OfflineGuardWarning), pytest.raises(NetworkBlockedError) as info:
        sock.connect_ex((IP4, 80))
    sock.close()
    assert info.value.where.startswith(f"{__name__}.test_error_names_the_calling_function, line ")
    assert f"called from {info.value.where}" in str(info.value)
    assert (info.value.host, info.value.path) == (IP4, "socket.connect")
    assert recorder == []


@pytest.mark.parametrize(
    "error",
    [
        HostResolutionBlockedError(NAME, "socket.gethostbyname", "mod.f, line 3"),
        NetworkBlockedError(IP4, f'send to host "{IP4}" (port 53)', "socket.sendto", "m.f"),
    ],
    ids=["resolution", "network"],
)
def test_errors_survive_pickling(error: RuntimeError) -> None:
    # multiprocessing (and xdist's crash reports) pickle errors
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy)) == (type(error), str(error))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # 3.12+: fork with threads running
def test_a_forked_child_stays_guarded() -> None:
    pid = os.fork()
    if pid == 0:  # the child: a synthetic event, so a failure sends nothing
        try:
            sys.audit("socket.getaddrinfo", NAME, 80, 0, 0, 0)
        except HostResolutionBlockedError:
            os._exit(0)
        os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_child_processes_are_told() -> None:
    assert os.environ[CHILD_ENV] == "1"


# -- loopback keeps working ---------------------------------------------------------


@pytest.fixture(params=[("127.0.0.1", socket.AF_INET), ("::1", socket.AF_INET6)], ids=["v4", "v6"])
def listener(request: pytest.FixtureRequest) -> Iterator[tuple[socket.socket, str]]:
    host, family = request.param
    with socket.socket(family, socket.SOCK_STREAM) as server:
        server.bind((host, 0))
        server.listen(4)
        yield server, host


def _exchange(server: socket.socket, client: socket.socket) -> None:
    with client:
        accepted, _ = server.accept()
        with accepted:
            accepted.sendall(b"ok")
            assert client.recv(2) == b"ok"


@pytest.mark.parametrize("how", ["connect", "connect_ex", "_socket"])
def test_loopback_connections_work(listener: tuple[socket.socket, str], how: str) -> None:
    server, host = listener
    client = socket.socket(server.family, socket.SOCK_STREAM)
    address = (host, server.getsockname()[1])
    if how == "connect":
        client.connect(address)
    elif how == "connect_ex":
        assert client.connect_ex(address) == 0
    else:
        _socket.socket.connect(client, address)
    _exchange(server, client)


def test_localhost_by_name_works() -> None:
    with socket.socket() as server:
        server.bind(("localhost", 0))
        server.listen(1)
        port = server.getsockname()[1]
        _exchange(server, socket.create_connection(("localhost", port), timeout=2))
        with _udp() as client:
            client.sendto(b"x", ("localhost", 9))  # nothing listens there: no answer needed


@pytest.mark.parametrize("family", [socket.AF_INET, socket.AF_INET6], ids=["v4", "v6"])
def test_loopback_datagrams_work(family: int) -> None:
    host = "127.0.0.1" if family == socket.AF_INET else "::1"
    with socket.socket(family, socket.SOCK_DGRAM) as server, _udp(family) as client:
        server.bind((host, 0))
        server.settimeout(2)
        address = server.getsockname()
        client.sendto(b"a", address)
        client.sendmsg([b"b"], [], 0, address)
        assert {server.recv(1), server.recv(1)} == {b"a", b"b"}


async def test_loopback_asyncio_datagrams_work() -> None:
    loop = asyncio.get_running_loop()
    received: asyncio.Future[bytes] = loop.create_future()

    class Receiver(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: object) -> None:
            received.set_result(data)

    server, _ = await loop.create_datagram_endpoint(Receiver, local_addr=("127.0.0.1", 0))
    client, _ = await loop.create_datagram_endpoint(
        asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0)
    )
    try:
        client.sendto(b"hi", server.get_extra_info("sockname"))
        assert await asyncio.wait_for(received, 2) == b"hi"
    finally:
        client.close()
        server.close()


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_unix_sockets_work(tmp_path: Path) -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen(1)
        client.connect(path)
        server.accept()[0].close()


def test_local_lookups_work() -> None:
    assert {info[4][0] for info in socket.getaddrinfo("localhost", 80)} <= {"127.0.0.1", "::1"}
    # an address literal needs no query (reaching it is what the guard refuses)
    assert socket.getaddrinfo(IP4, 80)[0][4][0] == IP4
    assert socket.gethostbyname("127.0.0.1") == "127.0.0.1"
    numeric = socket.NI_NUMERICHOST | socket.NI_NUMERICSERV
    assert socket.getnameinfo(("127.0.0.1", 80), numeric) == ("127.0.0.1", "80")
    with contextlib.suppress(OSError):  # no /etc/hosts entry: the system's answer
        socket.gethostbyaddr("127.0.0.1")


# -- the gate -----------------------------------------------------------------------


def _audit_lookup() -> None:
    # A synthetic event: the hook sees exactly what a real lookup shows it, and nothing
    # is resolved whatever the hook does.
    sys.audit("socket.getaddrinfo", NAME, 80, 0, 0, 0)


def _audit_send(host: str) -> None:
    with _udp() as sock:
        sys.audit("socket.sendto", sock, (host, 53))


@pytest.mark.fakes(offline=False)
def test_the_hook_passes_everything_when_no_guard_is_on() -> None:
    assert not is_active()
    assert CHILD_ENV not in os.environ
    _audit_lookup()
    _audit_send(IP4)


@pytest.mark.fakes(offline=False)
def test_guards_come_and_go_by_token_in_any_order() -> None:
    first = activate(Policy.allowing())
    second = activate(Policy.allowing())
    deactivate(first)
    with pytest.warns(OfflineGuardWarning), pytest.raises(HostResolutionBlockedError):
        _audit_lookup()
    deactivate(second)
    deactivate(second)  # a second time does nothing
    assert not is_active()
    _audit_lookup()


@pytest.mark.fakes(offline=False)
def test_a_policy_allows_listed_networks_and_names() -> None:
    token = activate(Policy.allowing(["192.0.2.0/24", "allowed.invalid"]))
    try:
        _audit_send(IP4)
        _audit_send("allowed.invalid")
        sys.audit("socket.getaddrinfo", "allowed.invalid", 80, 0, 0, 0)
        with pytest.warns(OfflineGuardWarning), pytest.raises(NetworkBlockedError) as info:
            _audit_send("198.51.100.1")
        assert "allowed: 127.0.0.1, ::1, localhost, 192.0.2.0/24, allowed.invalid" in str(
            info.value
        )
    finally:
        deactivate(token)


def test_nested_guards_only_tighten() -> None:
    # this test's guard allows loopback only; a wider one on top changes nothing
    token = activate(Policy.allowing(["192.0.2.0/24"]))
    try:
        with pytest.warns(OfflineGuardWarning), pytest.raises(NetworkBlockedError):
            _audit_send(IP4)
    finally:
        deactivate(token)


@pytest.mark.allow_hosts(["192.0.2.0/24"])
def test_allow_hosts_marker_reaches_the_audit_layer() -> None:
    _audit_send(IP4)
    with pytest.warns(OfflineGuardWarning), pytest.raises(NetworkBlockedError):
        _audit_send("198.51.100.1")
