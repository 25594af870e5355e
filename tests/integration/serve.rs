//! `broadsheet serve`: pages served from memory, traversal refused, edits picked up and
//! announced, a broken template shown in an overlay while the last good site stays up.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Site;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(site.path().join("serve.log")).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().nth(2).unwrap_or_else(|| panic!("no address in {line:?}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    Server { child, addr }
}

/// A raw GET, so the client does not normalise the path: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// Polls `check` until it holds; the limit only keeps a broken server from hanging the suite
/// (how fast an edit is served is printed, not asserted).
fn wait_for(what: &str, limit: Duration, mut check: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while start.elapsed() < limit {
        if check() {
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what}: not seen within {limit:?}");
}

#[test]
fn serves_rebuilds_and_refuses_traversal() {
    let site = Site::bundled();
    let server = start(&site);
    let (status, home) = get(&server.addr, "/");
    assert_eq!(status, 200);
    assert!(home.contains("stories/index.html"), "the site's pages, served");
    let (status, article) = get(&server.addr, "/articles/obama-and-putin-fail-to-reach-agreement-on-syria/");
    assert_eq!(status, 200);
    assert!(article.contains("Obama and Putin fail to reach agreement on Syria"));
    assert!(home.contains("/__broadsheet/events"), "live-reload script injected");
    assert_eq!(get(&server.addr, "/timeline/").0, 200);
    assert_eq!(get(&server.addr, "/style.css").0, 200);
    for path in ["/../site.toml", "/%2e%2e/site.toml", "/articles/..%2f..%2fsite.toml", "//etc/passwd", "/no-such-page"]
    {
        assert_eq!(get(&server.addr, path).0, 404, "{path}");
    }
    assert!(!site.public().exists(), "serve never writes public/");

    // Edit a seed: the new headline is served within 2 s.
    let seed = site.path().join("seeds/004_d81941642b072ecd.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, text.replacen("Obama and Putin fail", "Obama and Putin again fail", 1)).unwrap();
    let took = wait_for("edited headline", Duration::from_secs(20), || {
        get(&server.addr, "/atom.xml").1.contains("Obama and Putin again fail to reach agreement on Syria")
    });
    eprintln!("save → served: {} ms", took.as_millis());
    // Only the edited seed was cleaned again, and only its page rendered again.
    let log = std::fs::read_to_string(site.path().join("serve.log")).unwrap();
    assert!(log.contains("cleaned 5 of 5 seeds, rendered 5 of 5 article pages"), "{log}");
    assert!(log.contains("cleaned 1 of 5 seeds, rendered 1 of 5 article pages"), "{log}");

    // A broken template: the last good site stays, with the error in an overlay.
    site.template("index.html", "{% extends \"base.html\" %}\n{% block main %}{% if %}{% endblock main %}\n");
    wait_for("error overlay", Duration::from_secs(20), || get(&server.addr, "/").1.contains("broadsheet-error"));
    let (status, home) = get(&server.addr, "/");
    assert_eq!(status, 200);
    assert!(get(&server.addr, "/atom.xml").1.contains("Obama and Putin again fail"), "last good build still served");
    assert!(home.contains("index.html"), "the overlay names the template");
}

/// The small version of `scripts/serve-load`: concurrent clients over every file of the site
/// while a seed switches between two versions every 200 ms, and a client that sends one byte
/// a second: every response is whole, the page of one version or the other.
#[test]
fn concurrent_clients_get_whole_pages_while_a_seed_changes_and_a_slow_client_dribbles() {
    let site = Site::bundled();
    let server = start(&site);
    let seed = site.path().join("seeds/004_d81941642b072ecd.txt");
    let v0 = std::fs::read_to_string(&seed).unwrap();
    let v1 = v0.replacen("Obama and Putin fail", "Obama and Putin again fail", 1);
    // The two sites the server may show, built for its address.
    let versions: Vec<std::collections::HashMap<String, String>> = [&v0, &v1]
        .iter()
        .map(|text| {
            let copy = Site::bundled();
            std::fs::write(copy.path().join("seeds/004_d81941642b072ecd.txt"), text).unwrap();
            let base = format!("http://{}/", server.addr);
            let out = copy.run(&["build", "--base-url", &base]);
            assert!(out.status.success());
            crate::support::files_under(&copy.public(), |p| {
                String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned()
            })
        })
        .collect();
    // The edited article's page moves with its title (a new slug), so it is in one version
    // only: a request for it while the other is live is rightly a 404. Every path both
    // versions have must be whole, one version or the other.
    let mut paths: Vec<String> = versions[0].keys().filter(|p| versions[1].contains_key(*p)).cloned().collect();
    paths.sort();
    assert!(paths.len() + 1 == versions[0].len(), "only the edited article's page moves");
    let url = |rel: &str| match rel.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{rel}"),
    };
    // The live-reload snippet, from a page no edit changes.
    let served = get(&server.addr, "/404.html").1;
    let built = &versions[0]["404.html"];
    let at = built.rfind("</body>").unwrap();
    let snippet = served[at..at + served.len() - built.len()].to_owned();

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow = {
        let (addr, stop) = (server.addr.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(&addr).unwrap();
            for b in b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let _ = stream.write_all(&[*b]);
                std::thread::sleep(Duration::from_secs(1));
            }
        })
    };
    let editor = {
        let (stop, seed, v0, v1) = (stop.clone(), seed.clone(), v0.clone(), v1.clone());
        std::thread::spawn(move || {
            let mut k = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                k ^= 1;
                let tmp = seed.with_extension("tmp");
                std::fs::write(&tmp, if k == 1 { &v1 } else { &v0 }).unwrap();
                std::fs::rename(&tmp, &seed).unwrap();
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let clients: Vec<_> = (0..16)
        .map(|c| {
            let (addr, paths, versions, snippet) =
                (server.addr.clone(), paths.clone(), versions.clone(), snippet.clone());
            std::thread::spawn(move || {
                let mut seen = [0usize; 2];
                for n in 0..40 {
                    let rel = &paths[(c * 7 + n) % paths.len()];
                    let (status, body) = get(&addr, &url(rel));
                    assert_eq!(status, 200, "{rel}");
                    let body = if rel.ends_with(".html") { body.replacen(&snippet, "", 1) } else { body };
                    if body == versions[0][rel] {
                        seen[0] += 1;
                    } else if body == versions[1][rel] {
                        seen[1] += 1;
                    } else {
                        panic!("{rel}: neither version ({} bytes)", body.len());
                    }
                }
                seen
            })
        })
        .collect();
    let seen = clients.into_iter().map(|c| c.join().unwrap()).fold([0, 0], |a, s| [a[0] + s[0], a[1] + s[1]]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    editor.join().unwrap();
    slow.join().unwrap();
    assert_eq!(seen[0] + seen[1], 16 * 40);
}
