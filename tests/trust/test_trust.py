"""Trust settings and the trust-list cache: loading, merging, errors, cache updates, and the SDK outcome."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

import provenance.trust.config
from provenance.errors import TrustConfigError, TrustUpdateError
from provenance.trust import TrustList, TrustSettings, load_trust_settings
from provenance.trust.cache import CACHE_FILES, Source, cache_dir, read_cache_state
from provenance.trust.update import update_cache
from tests.trust.https_server import Tls, make_tls, serve_https

SHARED = Path(__file__).parents[2].parent / "shared"
TRUST_DIR = SHARED / "trust"
CORPUS = SHARED / "corpus" / "real-world"
BUTTERFLY = CORPUS / "contentauth__verify-site" / "butteryfly.jpg"  # Adobe Firefly: interim anchors
BING = CORPUS / "microsoft__c2pa-extension-validator" / "bing_creator_cloud_surfing_puppy.jpg"  # + EKU config
TITAN = CORPUS / "TrustNXT__c2pa-ts" / "amazon-titan-g1.png"  # only in the interim *allowed* list

needs_trust_dir = pytest.mark.skipif(
    not TRUST_DIR.is_dir(), reason=f"shared trust-list snapshots not found at {TRUST_DIR}"
)
needs_corpus = pytest.mark.skipif(
    not (TRUST_DIR.is_dir() and BUTTERFLY.is_file() and BING.is_file() and TITAN.is_file()),
    reason=f"shared corpus files not found under {CORPUS}",
)

EXPECTED_COUNTS = {
    "C2PA-TRUST-LIST.pem": 30,
    "C2PA-TSA-TRUST-LIST.pem": 22,
    "interim-anchors.pem": 18,
    "interim-allowed.pem": 86,
    "interim-store.cfg": 0,
}


def trust_file(name: str) -> Path:
    return TRUST_DIR / name


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's own config file out of every test."""
    monkeypatch.setattr(
        provenance.trust.config, "default_config_file", lambda: tmp_path / "absent-config.toml"
    )


def load(tmp_path: Path, env: dict[str, str] | None = None, **kwargs: Any) -> TrustSettings:
    """load_trust_settings without a cache (unless ``env`` names one) and, unless asked, without the bundled
    lists: each test names the sources it is about (tests/trust/test_bundled.py is about the bundled)."""
    environ = {"PROVENANCE_CACHE_DIR": str(tmp_path / "no-cache"), **(env or {})}
    kwargs.setdefault("bundled", False)
    return load_trust_settings(environ=environ, **kwargs)


# --- a local https server standing in for a mirror ---------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _NotFound(_Quiet):
    def do_GET(self) -> None:
        self.send_error(404, "Not Found")


class _HtmlPage(_Quiet):
    def do_GET(self) -> None:
        body = b"<html><body>Please log in to the wifi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Huge(_Quiet):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"-----BEGIN CERTIFICATE-----\n" + b"A" * (5 * 1024 * 1024))


class _MissingCfg(_Quiet):
    def do_GET(self) -> None:
        if self.path.endswith(".cfg"):
            self.send_error(404, "Not Found")
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@contextlib.contextmanager
def serve(tls: Tls, handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    with serve_https(tls, handler) as url:
        yield url


def mirror_of_shared() -> Callable[..., BaseHTTPRequestHandler]:
    return functools.partial(_Quiet, directory=str(TRUST_DIR))


@pytest.fixture(autouse=True)
def no_proxy_for_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1")


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not TRUST_DIR.is_dir():
        pytest.skip(f"shared trust-list snapshots not found at {TRUST_DIR}")
    directory = tmp_path_factory.mktemp("cache") / "trust"
    update_cache(folder=TRUST_DIR, directory=directory)
    return directory


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


# --- the cache ----------------------------------------------------------------------------------------------


def test_official_urls_are_the_owners_published_https_addresses() -> None:
    base = "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list"
    assert dict(CACHE_FILES) == {
        "C2PA-TRUST-LIST.pem": f"{base}/C2PA-TRUST-LIST.pem",
        "C2PA-TSA-TRUST-LIST.pem": f"{base}/C2PA-TSA-TRUST-LIST.pem",
        "interim-anchors.pem": "https://contentcredentials.org/trust/anchors.pem",
        "interim-allowed.pem": "https://contentcredentials.org/trust/allowed.pem",
        "interim-store.cfg": "https://contentcredentials.org/trust/store.cfg",
    }


def test_cache_dir_follows_provenance_cache_dir(tmp_path: Path) -> None:
    assert cache_dir({"PROVENANCE_CACHE_DIR": str(tmp_path / "x")}) == tmp_path / "x"
    assert cache_dir({}).name == "trust"


@needs_trust_dir
def test_update_from_mirror_writes_every_file_with_counts_and_meta(tmp_path: Path, tls: Tls) -> None:
    directory = tmp_path / "cache" / "trust"
    with serve(tls, mirror_of_shared()) as url:
        state = update_cache(mirror=url, directory=directory, tls=tls.client())
    assert {f.name: f.certificate_count for f in state.files} == EXPECTED_COUNTS
    for fetched in state.files:
        body = (directory / fetched.name).read_bytes()
        assert body == trust_file(fetched.name).read_bytes()
        assert fetched.sha256 == hashlib.sha256(body).hexdigest()
        assert fetched.size == len(body)
        assert fetched.url == f"{url}/{fetched.name}"
    meta = json.loads((directory / "meta.json").read_text())
    assert meta["fetched_at"].startswith(datetime.now(UTC).date().isoformat())
    assert meta["source"] == {"kind": "mirror", "location": url}
    assert state.source == Source("mirror", url)
    assert (
        meta["files"]["interim-allowed.pem"]["sha256"]
        == hashlib.sha256(trust_file("interim-allowed.pem").read_bytes()).hexdigest()
    )
    assert read_cache_state(directory) == state


@needs_trust_dir
def test_second_update_replaces_the_cache_and_leaves_no_temporary_folders(tmp_path: Path, tls: Tls) -> None:
    directory = tmp_path / "trust"
    with serve(tls, mirror_of_shared()) as url:
        update_cache(mirror=url, directory=directory, tls=tls.client())
        update_cache(mirror=url + "/", directory=directory, tls=tls.client())
    assert [p.name for p in tmp_path.iterdir()] == ["trust"]
    assert sorted(p.name for p in directory.iterdir()) == sorted([*CACHE_FILES, "meta.json"])


@needs_trust_dir
@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        (_NotFound, "HTTP 404"),
        (_HtmlPage, "no certificate"),
        (_Huge, "larger than 5 MB"),
        (functools.partial(_MissingCfg, directory=str(TRUST_DIR)), "interim-store.cfg: HTTP 404"),
    ],
    ids=["all-404", "html-page-instead-of-pem", "too-large", "last-file-404"],
)
def test_failed_update_names_the_url_and_leaves_the_previous_cache(
    tmp_path: Path, tls: Tls, handler: Callable[..., BaseHTTPRequestHandler], reason: str
) -> None:
    directory = tmp_path / "trust"
    update_cache(folder=TRUST_DIR, directory=directory)
    before = snapshot(directory)
    with serve(tls, handler) as bad_url, pytest.raises(TrustUpdateError) as caught:
        update_cache(mirror=bad_url, directory=directory, tls=tls.client())
    assert bad_url in str(caught.value)
    assert reason in str(caught.value)
    assert snapshot(directory) == before
    assert [p.name for p in tmp_path.iterdir()] == ["trust"]


@pytest.mark.parametrize("mirror", [f"file://{TRUST_DIR}", "http://127.0.0.1:9/trust", "ftp://example.com/"])
def test_update_refuses_a_mirror_that_is_not_https(tmp_path: Path, mirror: str) -> None:
    with pytest.raises(TrustUpdateError, match="must be an https URL") as caught:
        update_cache(mirror=mirror, directory=tmp_path / "trust")
    assert "--from DIR" in str(caught.value)
    assert not (tmp_path / "trust").exists()


@needs_trust_dir
def test_update_refuses_to_replace_a_folder_that_is_not_a_cache(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(TrustUpdateError, match="not a trust cache"):
        update_cache(folder=TRUST_DIR, directory=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_no_cache_state_without_meta(tmp_path: Path) -> None:
    assert read_cache_state(tmp_path / "nothing") is None


# --- loading settings ---------------------------------------------------------------------------------------


def test_nothing_configured_gives_empty_settings(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert settings == TrustSettings()
    assert not settings.configured
    assert settings.to_sdk() == {}


@needs_trust_dir
def test_explicit_anchors_form_the_user_list(tmp_path: Path) -> None:
    settings = load(tmp_path, anchors=[trust_file("interim-anchors.pem")])
    (user,) = settings.lists
    assert (user.name, user.kind, user.certificate_count, user.allowed_pem) == ("user", "manifest", 18, None)
    assert user.origin == str(trust_file("interim-anchors.pem"))
    assert settings.configured
    assert settings.to_sdk() == {
        "anchors": [{"trust_anchors": user.anchors_pem, "trust_uri": "user", "trust_kind": "manifest"}]
    }


@needs_trust_dir
def test_allowed_certificates_alone_configure_trust(tmp_path: Path) -> None:
    settings = load(tmp_path, allowed=[trust_file("interim-allowed.pem")])
    (user,) = settings.lists
    assert (user.anchors_pem, user.certificate_count) == ("", 86)
    assert settings.configured
    # The SDK rejects an anchors entry without `trust_anchors`, so it is sent empty.
    assert settings.to_sdk()["anchors"] == [
        {"trust_anchors": "", "allowed_list": user.allowed_pem, "trust_uri": "user", "trust_kind": "manifest"}
    ]


@needs_trust_dir
def test_eku_config_is_passed_as_trust_config_without_comments(tmp_path: Path) -> None:
    settings = load(
        tmp_path, anchors=[trust_file("interim-anchors.pem")], eku_config=trust_file("interim-store.cfg")
    )
    assert settings.eku_origin == str(trust_file("interim-store.cfg"))
    assert settings.to_sdk()["trust_config"] == (
        "1.3.6.1.5.5.7.3.4\n1.3.6.1.5.5.7.3.36\n1.3.6.1.5.5.7.3.8\n1.3.6.1.5.5.7.3.9\n"
        "1.3.6.1.4.1.311.76.59.1.9\n1.3.6.1.4.1.62558.2.1\n"
    )


def test_eku_config_alone_does_not_configure_trust(tmp_path: Path) -> None:
    store = tmp_path / "store.cfg"
    store.write_text("// comment\n1.3.6.1.5.5.7.3.4\n")
    settings = load(tmp_path, eku_config=store)
    assert settings.eku_config == "1.3.6.1.5.5.7.3.4\n"
    assert not settings.configured
    assert settings.to_sdk() == {}


@needs_trust_dir
def test_environment_variables_add_to_explicit_paths(tmp_path: Path) -> None:
    env = {
        "PROVENANCE_TRUST_ANCHORS": os.pathsep.join(
            [str(trust_file("C2PA-TRUST-LIST.pem")), str(trust_file("interim-anchors.pem"))]
        ),
        "PROVENANCE_ALLOWED_CERTS": str(trust_file("interim-allowed.pem")),
        "PROVENANCE_TRUST_CONFIG": str(trust_file("interim-store.cfg")),
    }
    settings = load(
        tmp_path, env, anchors=[trust_file("interim-anchors.pem"), trust_file("C2PA-TSA-TRUST-LIST.pem")]
    )
    (user,) = settings.lists
    assert user.certificate_count == 30 + 18 + 22 + 86  # the file named twice counts once
    assert settings.eku_origin == str(trust_file("interim-store.cfg"))


@needs_trust_dir
def test_config_file_paths_resolve_against_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    (folder / "lists").mkdir(parents=True)
    shutil.copy(trust_file("interim-anchors.pem"), folder / "lists" / "a.pem")
    shutil.copy(trust_file("interim-allowed.pem"), folder / "lists" / "b.pem")
    shutil.copy(trust_file("interim-store.cfg"), folder / "store.cfg")
    config = folder / "config.toml"
    config.write_text(
        '[trust]\nanchors = ["lists/a.pem"]\nallowed = ["lists/b.pem"]\ntrust_config = "store.cfg"\n'
    )
    for settings in (load(tmp_path, config_file=config), load(tmp_path, {"PROVENANCE_CONFIG": str(config)})):
        (user,) = settings.lists
        assert user.certificate_count == 18 + 86
        assert settings.eku_origin == str(folder / "store.cfg")


@needs_trust_dir
def test_the_default_config_file_is_read_when_present(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[trust]\nanchors = ["{trust_file("interim-anchors.pem")}"]\n')
    monkeypatch.setattr(provenance.trust.config, "default_config_file", lambda: config)
    assert load(tmp_path).lists[0].certificate_count == 18


@needs_trust_dir
def test_explicit_eku_config_wins_over_environment_config_file_and_cache(
    tmp_path: Path, filled_cache: Path
) -> None:
    mine = tmp_path / "mine.cfg"
    mine.write_text("1.3.6.1.5.5.7.3.36\n")
    env_cfg = tmp_path / "env.cfg"
    env_cfg.write_text("1.3.6.1.5.5.7.3.4\n")
    config = tmp_path / "config.toml"
    config.write_text('[trust]\ntrust_config = "mine.cfg"\n')
    env = {"PROVENANCE_CACHE_DIR": str(filled_cache), "PROVENANCE_TRUST_CONFIG": str(env_cfg)}
    assert load(tmp_path, env, eku_config=mine, config_file=config).eku_origin == str(mine)
    assert load(tmp_path, env, config_file=config).eku_origin == str(env_cfg)
    del env["PROVENANCE_TRUST_CONFIG"]
    assert load(tmp_path, env, config_file=config).eku_origin == str(mine)
    assert (load(tmp_path, env).eku_origin or "").startswith("cache (fetched ")


@needs_trust_dir
def test_cache_adds_the_official_lists(tmp_path: Path, filled_cache: Path) -> None:
    settings = load(
        tmp_path, {"PROVENANCE_CACHE_DIR": str(filled_cache)}, anchors=[trust_file("C2PA-TRUST-LIST.pem")]
    )
    summary = [(t.name, t.kind, t.certificate_count, t.allowed_pem is not None) for t in settings.lists]
    assert summary == [
        ("user", "manifest", 30, False),
        ("c2pa", "manifest", 30, False),
        ("interim (legacy)", "manifest", 18 + 86, True),
        ("c2pa-tsa", "tsa", 22, False),
    ]
    today = datetime.now(UTC).date().isoformat()
    assert settings.lists[1].origin == f"cache (fetched {today} from the local folder {TRUST_DIR.resolve()})"
    assert settings.eku_config is not None and "1.3.6.1.4.1.311.76.59.1.9" in settings.eku_config
    # TSA roots are listed for users but not given to the SDK (see TrustSettings.to_sdk).
    anchors = settings.to_sdk()["anchors"]
    assert isinstance(anchors, list)
    # Published lists first; the user's copy of the C2PA list adds nothing (tests/trust/test_one_name.py).
    assert [a["trust_uri"] for a in anchors] == ["c2pa", "interim (legacy)", "user"]
    assert anchors[2]["trust_anchors"] == ""


@needs_trust_dir
@pytest.mark.parametrize("how", ["argument", "environment", "config file"])
def test_the_cache_can_be_switched_off(tmp_path: Path, filled_cache: Path, how: str) -> None:
    env = {"PROVENANCE_CACHE_DIR": str(filled_cache)}
    config = tmp_path / "config.toml"
    config.write_text("[trust]\nuse_cache = false\n" if how == "config file" else "")
    if how == "environment":
        env["PROVENANCE_NO_TRUST_CACHE"] = "1"
    settings = load(tmp_path, env, use_cache=how != "argument", config_file=config)
    assert settings == TrustSettings()


@needs_trust_dir
def test_a_cached_file_changed_after_download_is_an_error(tmp_path: Path, filled_cache: Path) -> None:
    copy = tmp_path / "trust"
    shutil.copytree(filled_cache, copy)
    with (copy / "interim-anchors.pem").open("a") as handle:
        handle.write("\n")
    with pytest.raises(TrustConfigError, match=r"interim-anchors\.pem changed"):
        load(tmp_path, {"PROVENANCE_CACHE_DIR": str(copy)})


# --- bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("just some text\n", "no '-----BEGIN CERTIFICATE-----' block"),
        ("-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n", "not valid base64"),
        (b"\x30\x82\x05\x00\xff\xfe\xfd", "is not text"),
    ],
    ids=["missing", "no-pem-block", "damaged-base64", "der-binary"],
)
def test_bad_certificate_files_raise_naming_the_file(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "bad.pem"
    if isinstance(content, str):
        path.write_text(content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(TrustConfigError, match=message) as caught:
        load(tmp_path, anchors=[path])
    assert str(path) in str(caught.value)


def test_a_directory_is_not_a_certificate_file(tmp_path: Path) -> None:
    with pytest.raises(TrustConfigError, match=str(tmp_path)):
        load(tmp_path, allowed=[tmp_path])


@pytest.mark.parametrize(
    "text", ["1.3.6.1.5.5.7.3.4 // document signing\n", "garbage\n", "// only comments\n"]
)
def test_eku_config_the_sdk_would_silently_ignore_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "store.cfg"
    path.write_text(text)
    with pytest.raises(TrustConfigError, match=r"store\.cfg"):
        load(tmp_path, eku_config=path)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[trust]\nanchor = ['a.pem']\n", "unknown"),
        ("[trust\n", "not valid TOML"),
        ("[trust]\nuse_cache = 1\n", "use_cache"),
        ("[trust]\nbundled = 'no'\n", "bundled"),
        ("[trust]\nmax_age_days = -3\n", "max_age_days"),
        ("[trust]\nmax_age_days = true\n", "max_age_days"),
    ],
)
def test_bad_config_file_is_an_error(tmp_path: Path, toml: str, message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml)
    with pytest.raises(TrustConfigError, match=message):
        load(tmp_path, config_file=config)


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(TrustConfigError, match=r"absent\.toml"):
        load(tmp_path, {"PROVENANCE_CONFIG": str(tmp_path / "absent.toml")})


# --- fingerprint --------------------------------------------------------------------------------------------


def test_fingerprint_follows_content_not_origin() -> None:
    base = TrustSettings((TrustList("user", "PEM-A", None, origin="a.pem"),), eku_config="1.2.3\n")
    same = TrustSettings((TrustList("user", "PEM-A", None, origin="elsewhere.pem"),), eku_config="1.2.3\n")
    assert base.fingerprint() == same.fingerprint()
    assert base.fingerprint() != TrustSettings((TrustList("user", "PEM-B", None),), "1.2.3\n").fingerprint()
    assert base.fingerprint() != TrustSettings((TrustList("user", "PEM-A", "X"),), "1.2.3\n").fingerprint()
    assert base.fingerprint() != TrustSettings((TrustList("user", "PEM-A", None),), "1.2.4\n").fingerprint()
    assert base.fingerprint() != TrustSettings().fingerprint()


# --- each option changes what the SDK says ----------------------------------------------------------------


def sdk_read(settings: TrustSettings, path: Path) -> tuple[str, list[str], list[str]]:
    """(validation_state, signingCredential failure codes, signingCredential success explanations)."""
    c2pa = pytest.importorskip("c2pa")
    ctx = c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False}, "trust": settings.to_sdk()})
    data = json.loads(c2pa.Reader(str(path), context=ctx).json())
    failures = [
        s["code"] for s in data.get("validation_status", []) if s["code"].startswith("signingCredential")
    ]
    successes = data.get("validation_results", {}).get("activeManifest", {}).get("success", [])
    explained = [s.get("explanation", "") for s in successes if s["code"] == "signingCredential.trusted"]
    return data["validation_state"], failures, explained


@needs_corpus
def test_without_trust_settings_no_signer_is_trusted(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert sdk_read(settings, BUTTERFLY)[0] == "Valid"
    assert sdk_read(settings, BING)[0] == "Invalid"
    assert sdk_read(settings, TITAN)[0] == "Valid"


@needs_corpus
def test_interim_lists_with_eku_config_make_firefly_and_bing_trusted(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        anchors=[trust_file("interim-anchors.pem")],
        allowed=[trust_file("interim-allowed.pem")],
        eku_config=trust_file("interim-store.cfg"),
    )
    assert [sdk_read(settings, p)[0] for p in (BUTTERFLY, BING, TITAN)] == ["Trusted"] * 3
    assert sdk_read(settings, BUTTERFLY)[2] == ["signing certificate trusted, found in [user] trust anchors"]


@needs_corpus
def test_without_eku_config_bing_reads_invalid_for_a_missing_eku(tmp_path: Path) -> None:
    settings = load(
        tmp_path, anchors=[trust_file("interim-anchors.pem")], allowed=[trust_file("interim-allowed.pem")]
    )
    assert sdk_read(settings, BUTTERFLY)[0] == "Trusted"
    state, failures, _ = sdk_read(settings, BING)
    assert state == "Invalid"
    assert "signingCredential.invalid" in failures


@needs_corpus
def test_the_allowed_list_alone_trusts_amazon_titan_which_no_anchor_does(tmp_path: Path) -> None:
    anchors_only = load(
        tmp_path, anchors=[trust_file("interim-anchors.pem"), trust_file("C2PA-TRUST-LIST.pem")]
    )
    assert sdk_read(anchors_only, TITAN)[:2] == ("Valid", ["signingCredential.untrusted"])
    allowed_only = load(tmp_path, allowed=[trust_file("interim-allowed.pem")])
    state, _, explained = sdk_read(allowed_only, TITAN)
    assert state == "Trusted"
    # The SDK names no list for an allowed-list match (c2pa-rs 0.91.3).
    assert explained == ["signing certificate trusted, found in [] trust anchors"]
    assert sdk_read(allowed_only, BUTTERFLY)[0] == "Valid"


@needs_corpus
def test_the_cache_from_trust_update_makes_the_same_files_trusted(tmp_path: Path, filled_cache: Path) -> None:
    settings = load(tmp_path, {"PROVENANCE_CACHE_DIR": str(filled_cache)})
    assert [sdk_read(settings, p)[0] for p in (BUTTERFLY, BING, TITAN)] == ["Trusted"] * 3
    assert sdk_read(settings, BING)[2] == [
        "signing certificate trusted, found in [interim (legacy)] trust anchors"
    ]


@needs_corpus
def test_sdk_trusts_signers_under_tsa_kind_anchors_which_is_why_to_sdk_omits_them(tmp_path: Path) -> None:
    interim = load(tmp_path, anchors=[trust_file("interim-anchors.pem")])
    as_tsa = TrustSettings((TrustList("interim", interim.lists[0].anchors_pem, None, kind="tsa"),))
    assert as_tsa.to_sdk() == {}
    # If a later SDK confines tsa-kind anchors to timestamps, TSA lists could be passed again.
    entry = {"trust_anchors": interim.lists[0].anchors_pem, "trust_uri": "interim", "trust_kind": "tsa"}
    c2pa = pytest.importorskip("c2pa")
    ctx = c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False}, "trust": {"anchors": [entry]}})
    assert json.loads(c2pa.Reader(str(BUTTERFLY), context=ctx).json())["validation_state"] == "Trusted"


def test_a_bundle_to_pem_made_is_read_back_without_a_parse_and_any_other_is_parsed() -> None:
    from provenance.trust import bundles

    snapshot = load_trust_settings(use_cache=False, environ={})
    ders = bundles.pem_certificates(snapshot.lists[0].anchors_pem)  # checked, parsed
    made = bundles.to_pem(ders)
    assert bundles.is_clean(made) and bundles.pem_certificates(made, check=False) == ders
    noisy = "a comment\n" + made.replace("-----\n", "-----\r\n", 1)  # the same certificates, not clean
    assert not bundles.is_clean(noisy) and bundles.pem_certificates(noisy, check=False) == ders
    assert not bundles.is_clean(bundles.to_pem([]))  # nothing to remember
    # The SDK section gives a list's clean text as it is, and a certificate on two lists once.
    twice = TrustSettings((TrustList("c2pa", made, None), TrustList("user", made, None)))
    entries = twice.to_sdk()["anchors"]  # type: ignore[index]
    assert entries[0]["trust_anchors"] is made and entries[1]["trust_anchors"] == ""
