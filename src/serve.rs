//! `broadsheet serve`: build into memory, serve on loopback, rebuild on change, reload pages.
//!
//! The site lives in memory (`public/` is never written). A debounced watcher on the seeds,
//! templates, static files and `site.toml` rebuilds the whole site (a full build of a small
//! digest takes tens of milliseconds) and tells open pages to reload over Server-Sent Events;
//! the reload script is injected into HTML responses by the server only, never into built
//! files. A failed rebuild keeps the last good site and shows the error in an overlay on
//! open pages and on the console. Request paths are decoded and normalised; anything that
//! would leave the site (`..`, encoded slashes, backslashes) is a 404.

// A long-running loop reports each rebuild as it happens: the one part of the library that
// prints (everything else returns reports for the binary to print).
#![allow(clippy::print_stderr, reason = "serve reports rebuilds and errors on the console as they happen")]

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify_debouncer_full::new_debouncer;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use tiny_http::{Header, Request, Response, Server};

use crate::config::{self, BaseUrl, Config};
use crate::engine::cache::BuildCache;
use crate::engine::sink::MemorySink;
use crate::output;

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `site.toml` (it need not exist: defaults then apply to its folder).
    pub config: PathBuf,
    /// Address to bind (loopback unless told otherwise).
    pub interface: String,
    /// Port (0: any free port).
    pub port: u16,
}

/// The path the server listens on for reload events.
const EVENTS_PATH: &str = "/__broadsheet/events";

/// The served site: the last good build and the last error, if the latest build failed.
#[derive(Debug, Default)]
struct State {
    files: BTreeMap<String, Vec<u8>>,
    error: Option<String>,
}

/// Open event streams, one sender per page.
#[derive(Default)]
struct Clients(Mutex<Vec<Sender<String>>>);

impl Clients {
    fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {}\n\n", data.replace('\n', "\ndata: "));
        let mut senders = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        senders.retain(|s| s.send(message.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(tx);
        rx
    }
}

/// A Server-Sent Events body: blocks until a message or a keep-alive is due.
struct EventStream {
    rx: Receiver<String>,
    pending: Vec<u8>,
}

impl Read for EventStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            match self.rx.recv_timeout(Duration::from_secs(15)) {
                Ok(message) => self.pending = message.into_bytes(),
                Err(RecvTimeoutError::Timeout) => self.pending = b": keep-alive\n\n".to_vec(),
                Err(RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

/// Loads the configuration for serving: `base_url` is the local server's address.
fn load(options: &ServeOptions, base_url: &str) -> Result<Config, String> {
    let mut config = if options.config.exists() {
        config::load(&options.config).map_err(|e| format!("{:#}", anyhow::Error::from(e)))?
    } else {
        let root = options.config.parent().unwrap_or(Path::new(""));
        Config::defaults(root).map_err(|e| format!("{:#}", anyhow::Error::from(e)))?
    };
    config.base_url = BaseUrl::parse(base_url)?;
    Ok(config)
}

/// What the previous build left for the next: the build cache (in memory) and the files.
#[derive(Debug, Default)]
struct Incremental {
    cache: BuildCache,
    files: BTreeMap<String, Vec<u8>>,
}

/// What one rebuild did.
struct Rebuilt {
    seeds: usize,
    cleaned: usize,
    articles: usize,
    rendered: usize,
}

fn message(e: crate::error::Error) -> String {
    format!("{:#}", anyhow::Error::from(e))
}

/// Builds the site into memory, cleaning only the seeds and rendering only the article pages
/// that changed since the last build (everything when the configuration or a template did).
fn build(config: &Config, inc: &mut Incremental) -> Result<(BTreeMap<String, Vec<u8>>, Rebuilt), String> {
    let (templates, templates_key) = crate::load_templates(config).map_err(message)?;
    let statics = output::static_files(&config.static_dir).map_err(|e| message(e.into()))?;
    let inputs = crate::engine::build::Inputs { config, templates: &templates, templates_key };
    let sink = MemorySink::with_previous(std::mem::take(&mut inc.files));
    let outcome = match crate::engine::build::run(&inputs, &mut inc.cache, &sink, &crate::engine::build::Quiet) {
        Ok(o) => o,
        Err(e) => {
            inc.cache = BuildCache::default(); // the sink's previous files are gone with it
            return Err(message(e));
        }
    };
    for f in &outcome.failures {
        let mut line = f.to_string();
        let mut source = std::error::Error::source(f);
        while let Some(e) = source {
            line.push_str(&format!(": {e}"));
            source = e.source();
        }
        eprintln!("error: {line}");
    }
    let mut files = sink.into_files();
    files.extend(statics);
    inc.files = files.clone();
    let rebuilt = Rebuilt {
        seeds: outcome.seeds,
        cleaned: outcome.cleaned,
        articles: outcome.articles,
        rendered: outcome.rendered,
    };
    Ok((files, rebuilt))
}

/// Maps a request URL to a file of the site, or `None` when it would leave the site.
/// `/` → `index.html`, `/a/` → `a/index.html`; percent-escapes are decoded first, and an
/// encoded `/` or `\`, a `..` segment or a NUL refuses the request.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') || decoded.starts_with("//") {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if decoded.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(file)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1em;background:#3a0a0a;color:#ffdede;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647";

/// The live-reload script and, when the last build failed, the error overlay.
fn injection(error: Option<&str>) -> String {
    let overlay = error.map_or_else(String::new, |e| {
        format!(
            "<pre id=\"broadsheet-error\" style=\"{OVERLAY_STYLE}\">{}</pre>",
            crate::render::escape::escape_html(e)
        )
    });
    format!(
        "{overlay}<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");\
s.addEventListener(\"reload\",function(){{location.reload()}});\
s.addEventListener(\"build-error\",function(e){{var d=document.getElementById(\"broadsheet-error\");\
if(!d){{d=document.createElement(\"pre\");d.id=\"broadsheet-error\";d.style.cssText=\"{OVERLAY_STYLE}\";document.body.appendChild(d)}}\
d.textContent=e.data}});}})();</script>"
    )
}

fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let snippet = injection(error);
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{snippet}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{snippet}").into_bytes(),
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(request: Request, state: &RwLock<State>, clients: &Clients) {
    let url = request.url().to_owned();
    if url == EVENTS_PATH {
        let body = EventStream { rx: clients.subscribe(), pending: b"retry: 500\n\n".to_vec() };
        let headers = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]
            .into_iter()
            .filter_map(|(n, v)| header(n, v))
            .collect();
        let _ = request.respond(Response::new(200.into(), headers, body, None, None));
        return;
    }
    let state = state.read().unwrap_or_else(std::sync::PoisonError::into_inner);
    let found = site_path(&url).and_then(|p| state.files.get(&p).map(|b| (p, b)));
    let (status, path, bytes) = match found {
        Some((p, b)) => (200, p, b.clone()),
        None => (404, "404.html".to_owned(), state.files.get("404.html").cloned().unwrap_or_default()),
    };
    let body = if path.ends_with(".html") { inject(&bytes, state.error.as_deref()) } else { bytes };
    drop(state);
    let mut response = Response::from_data(body).with_status_code(status);
    for h in [header("Content-Type", content_type(&path)), header("Cache-Control", "no-store")].into_iter().flatten() {
        response = response.with_header(h);
    }
    let _ = request.respond(response);
}

/// Serves the site until the process is stopped (Ctrl-C ends it; nothing on disk changes).
///
/// # Errors
/// The address cannot be bound, or the watcher cannot start.
pub fn serve(options: &ServeOptions, ready: impl FnOnce(&str)) -> anyhow::Result<()> {
    let server = Server::http((options.interface.as_str(), options.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", options.interface, options.port))?;
    let addr = server.server_addr().to_ip().ok_or_else(|| anyhow::anyhow!("not an IP address"))?;
    let base_url = format!("http://{addr}/");
    let state = Arc::new(RwLock::new(State::default()));
    let clients = Arc::new(Clients::default());

    let mut rebuild = rebuilder(state.clone(), clients.clone(), options.clone(), base_url.clone());
    rebuild();
    let watch = Watched::of(options, &base_url);
    let folders = watch.folders.clone();
    let mut debouncer =
        new_debouncer(Duration::from_millis(100), None, move |events: notify_debouncer_full::DebounceEventResult| {
            if watch.relevant(&events) {
                rebuild();
            }
        })?;
    for path in &folders {
        debouncer.watch(path, RecursiveMode::Recursive)?;
    }

    ready(&base_url);
    for request in server.incoming_requests() {
        let (state, clients) = (state.clone(), clients.clone());
        std::thread::spawn(move || respond(request, &state, &clients));
    }
    Ok(())
}

/// What rebuilds the site into `state` and tells the open pages: reload, or the error.
fn rebuilder(
    state: Arc<RwLock<State>>,
    clients: Arc<Clients>,
    options: ServeOptions,
    base_url: String,
) -> impl FnMut() + Send + 'static {
    let mut incremental = Incremental::default();
    move || {
        let start = Instant::now();
        let result = load(&options, &base_url).and_then(|c| build(&c, &mut incremental));
        let mut s = state.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        match result {
            Ok((files, r)) => {
                s.files = files;
                s.error = None;
                drop(s);
                eprintln!(
                    "rebuilt in {} ms: cleaned {} of {} seeds, rendered {} of {} article pages",
                    start.elapsed().as_millis(),
                    r.cleaned,
                    r.seeds,
                    r.rendered,
                    r.articles
                );
                clients.broadcast("reload", "");
            }
            Err(e) => {
                eprintln!("error: {e}\n(serving the last good build)");
                s.error = Some(e.clone());
                drop(s);
                clients.broadcast("build-error", &e);
            }
        }
    }
}

/// The folders a preview watches, and which changes in them call for a rebuild.
struct Watched {
    /// The site's folder, recursively (so a `templates/` or `static/` made later is seen),
    /// and any configured folder that lies outside it.
    folders: Vec<PathBuf>,
    root: PathBuf,
    output_dir: Option<PathBuf>,
}

impl Watched {
    fn of(options: &ServeOptions, base_url: &str) -> Self {
        let config = load(options, base_url).ok();
        let root = options
            .config
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let mut folders: Vec<PathBuf> = vec![root.clone()];
        if let Some(c) = &config {
            for dir in [&c.seeds_dir, &c.templates_dir, &c.static_dir] {
                if let Ok(dir) = std::fs::canonicalize(dir)
                    && !dir.starts_with(&root)
                {
                    folders.push(dir);
                }
            }
        }
        let output_dir =
            config.as_ref().map(|c| std::fs::canonicalize(&c.output_dir).unwrap_or_else(|_| root.join(&c.output_dir)));
        Watched { folders, root, output_dir }
    }

    /// Whether the events change an input: a file created, changed or removed, not in the
    /// output folder, a build folder or a hidden (editor swap) file inside the site's folder.
    /// Reading the seeds to rebuild must not trigger another rebuild.
    fn relevant(&self, events: &notify_debouncer_full::DebounceEventResult) -> bool {
        let Ok(events) = events else { return true };
        events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)))
            .flat_map(|e| e.paths.iter())
            .any(|p| {
                !self.output_dir.as_ref().is_some_and(|o| p.starts_with(o))
                    && p.strip_prefix(&self.root).map_or(true, |rel| {
                        !rel.components().any(|c| {
                            let c = c.as_os_str().to_string_lossy();
                            c == "target" || c.starts_with('.')
                        })
                    })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/articles/a/").as_deref(), Some("articles/a/index.html"));
        assert_eq!(site_path("/style.css?v=2").as_deref(), Some("style.css"));
        assert_eq!(site_path("/search/index.html?q=x#top").as_deref(), Some("search/index.html"));
        assert_eq!(site_path("/a%20b.txt").as_deref(), Some("a b.txt"));
    }

    #[test]
    fn traversal_is_refused() {
        for url in
            ["/../etc/passwd", "/a/../../x", "/%2e%2e/secret", "/a%2fb", "/a%5cb", "//etc/passwd", "/a\\b", "/%00"]
        {
            assert_eq!(site_path(url), None, "{url}");
        }
    }

    #[test]
    fn injection_goes_before_body_end_and_escapes_errors() {
        let page = inject(b"<html><body><p>x</p></body></html>", Some("bad <template> at 3:1"));
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</script></body></html>"), "{page}");
        assert!(page.contains("bad &lt;template&gt; at 3:1"));
        assert!(page.contains(EVENTS_PATH));
    }
}
