"""`manage.py quickstart` with PLACARD_TASKS=database starts a task worker beside the
server, so that the demo sends its mail with one command, and stops it with the server."""

import subprocess
import sys
from io import StringIO

import pytest

from site_config.management.commands import quickstart as command_module

pytestmark = pytest.mark.django_db(transaction=True)


class FakeWorker:
    started = []

    def __init__(self, args, **kwargs):
        self.args = args
        self.pid = 4242
        self.signals = []
        FakeWorker.started.append(self)

    def poll(self):
        return None if not self.signals else 0

    def terminate(self):
        self.signals.append("TERM")

    def wait(self, timeout=None):
        return 0

    def kill(self):
        self.signals.append("KILL")


@pytest.fixture
def served(monkeypatch):
    """Runs quickstart with a runserver that returns (or fails) at once; yields what was
    served and the workers started."""
    FakeWorker.started = []
    monkeypatch.setattr(command_module.subprocess, "Popen", FakeWorker)
    real_call_command = command_module.call_command
    calls = []

    def call_command(name, *args, **kwargs):
        if name == "runserver":
            calls.append((name, args))
            if calls_raise:
                raise KeyboardInterrupt
            return None
        return real_call_command(name, *args, **kwargs)

    calls_raise = []
    monkeypatch.setattr(command_module, "call_command", call_command)

    def run(*options, stop_with_ctrl_c=False):
        if stop_with_ctrl_c:
            calls_raise.append(True)
        out = StringIO()
        try:
            real_call_command("quickstart", *options, stdout=out)
        except KeyboardInterrupt:
            pass
        return out.getvalue(), calls, FakeWorker.started

    return run


def test_with_database_tasks_a_worker_runs_beside_the_server_and_stops_with_it(served, settings):
    settings.PLACARD_TASKS = "database"
    text, calls, workers = served()
    assert calls == [("runserver", ("127.0.0.1:8000",))]
    (worker,) = workers
    assert worker.args[:3] == [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"]
    assert worker.signals == ["TERM"]
    assert "a background task worker (process 4242) sends it" in text
    assert "run `python3 manage.py db_worker`" not in text


def test_the_worker_stops_when_the_server_is_interrupted(served, settings):
    settings.PLACARD_TASKS = "database"
    _text, _calls, workers = served(stop_with_ctrl_c=True)
    (worker,) = workers
    assert worker.signals == ["TERM"]


def test_no_worker_with_immediate_tasks_without_serving_or_when_asked(served, settings):
    settings.PLACARD_TASKS = "immediate"
    text, _calls, workers = served()
    assert workers == [] and "printed here as it is sent" in text
    settings.PLACARD_TASKS = "database"
    text, _calls, workers = served("--no-serve")
    assert workers == []
    text, _calls, workers = served("--no-worker")
    assert workers == [] and "run `python3 manage.py db_worker`" in text


def test_stop_worker_kills_a_worker_that_does_not_stop():
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, "
            "signal.SIG_IGN); print('up', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout.readline() == "up\n"
    command = command_module.Command()
    original = subprocess.Popen.wait

    def quick_wait(self, timeout=None):
        return original(self, timeout=min(timeout or 1, 1))

    subprocess.Popen.wait = quick_wait
    try:
        command.stop_worker(worker)
    finally:
        subprocess.Popen.wait = original
    assert worker.returncode == -9
    worker.stdout.close()
