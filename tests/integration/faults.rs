//! Faults (issue 21, the small versions of `scripts/faults`): a build killed with SIGKILL
//! leaves `public/` the previous site or the new one and the next build recovers; a full
//! disk fails the build naming the file and keeps the previous site; a corrupted or cut
//! cache file means a full build, never a wrong page; thread counts give identical sites.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::incremental::generated_article;
use crate::support::{Site, files_under, stderr, stdout};

/// A site of `n` generated articles, not built.
fn generated(n: usize) -> Site {
    let site = Site::empty("title = \"Faults\"\n");
    for i in 0..n {
        site.seed(&format!("{i:04}.txt"), generated_article(i).as_bytes());
    }
    site
}

/// Turns the seeds of [`generated`] into the next day's: every seventh edited, every
/// thirteenth removed, `added` new ones.
fn next_day(site: &Site, n: usize, added: usize) {
    for i in 0..n {
        let seed = site.path().join(format!("seeds/{i:04}.txt"));
        if i % 13 == 5 {
            std::fs::remove_file(&seed).unwrap();
        } else if i % 7 == 3 {
            let text = std::fs::read_to_string(&seed).unwrap();
            std::fs::write(&seed, text + "\nA late paragraph: the vote was moved to the autumn session.\n").unwrap();
        }
    }
    for i in n..n + added {
        site.seed(&format!("{i:04}.txt"), generated_article(i).as_bytes());
    }
}

fn tree(dir: &Path) -> HashMap<String, Vec<u8>> {
    if dir.is_dir() { files_under(dir, |p| std::fs::read(p).unwrap()) } else { HashMap::new() }
}

/// Copies a folder (files and folders only), keeping modification times.
fn copy_dir(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            std::fs::File::options().write(true).open(&dest).unwrap().set_modified(modified).unwrap();
        }
    }
}

/// What a killed build may leave that it must not: staging folders beside `public/`,
/// temporary files in the cache folder.
fn leftovers(site: &Path) -> Vec<String> {
    let names = |dir: &Path, prefix: &str| -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with(prefix))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut left = names(site, ".public.staging-");
    left.extend(names(&site.join(".broadsheet-cache"), ".tmp"));
    left
}

fn build_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet")).arg("build").args(args).current_dir(dir).output().unwrap()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site_and_the_next_build_recovers() {
    const N: usize = 100;
    let site = generated(N);
    site.build();
    let snapshot = tempfile::tempdir().unwrap();
    copy_dir(site.path(), snapshot.path());
    let old = site.files();
    next_day(&site, N, 10);
    let out = site.run(&["build", "--fresh", "--out", "fresh"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let new = tree(&site.path().join("fresh"));
    assert_ne!(old, new);
    let seeds_b = tempfile::tempdir().unwrap();
    copy_dir(&site.path().join("seeds"), seeds_b.path());
    // How long the rebuild takes uninterrupted: the kills fall within it.
    let t = Instant::now();
    site.build();
    let took = t.elapsed();
    assert_eq!(site.files(), new, "the rebuild differs from a fresh build");
    let (mut saw_old, mut saw_new) = (0, 0);
    for k in 0..5 {
        let dir = site.path().join(format!("kill-{k}"));
        copy_dir(snapshot.path(), &dir);
        copy_dir(seeds_b.path(), &dir.join("seeds"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .arg("build")
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(0.1 + 0.2 * k as f64));
        let _ = child.kill();
        child.wait().unwrap();
        let public = tree(&dir.join("public"));
        if public == old {
            saw_old += 1;
        } else if public == new {
            saw_new += 1;
        } else {
            panic!("kill {k}: public/ is neither the previous site nor the new one");
        }
        let out = build_in(&dir, &[]);
        assert!(out.status.success(), "kill {k}: the next build failed: {}", stderr(&out));
        assert_eq!(tree(&dir.join("public")), new, "kill {k}: the next build is not a fresh build's site");
        assert_eq!(leftovers(&dir), Vec::<String>::new(), "kill {k}");
        let again = build_in(&dir, &[]);
        assert!(stdout(&again).contains("(0 cleaned, 0 rendered, 0 files written)"), "kill {k}: {}", stdout(&again));
    }
    println!("5 kills: public/ was the previous site {saw_old} times, the new one {saw_new} times");
}

#[test]
fn a_corrupted_or_cut_cache_file_means_a_full_build_never_a_wrong_page() {
    const N: usize = 40;
    let site = generated(N);
    site.build();
    let snapshot = tempfile::tempdir().unwrap();
    copy_dir(site.path(), snapshot.path());
    next_day(&site, N, 5);
    let out = site.run(&["build", "--fresh", "--out", "fresh"]);
    assert!(out.status.success());
    let new = tree(&site.path().join("fresh"));
    let cache = std::fs::read(snapshot.path().join(".broadsheet-cache/build.bin")).unwrap();
    let header = cache.iter().position(|&b| b == b'\n').unwrap() + 1;
    // Every class of position: the header, the records (seeds, pages, files, the long
    // files' pieces, the timeline's memo) spread over the body, the trailing sum.
    let mut positions = vec![0, header - 1, header];
    positions.extend((1..8).map(|k| header + (cache.len() - header) * k / 8));
    positions.extend([cache.len() - 8, cache.len() - 1]);
    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, &at) in positions.iter().enumerate() {
        let mut flipped = cache.clone();
        flipped[at] ^= 0x5a;
        damaged.push((format!("byte {at} flipped"), flipped));
        if k % 3 == 0 {
            damaged.push((format!("cut at {at}"), cache[..at].to_vec()));
        }
    }
    for (what, bytes) in damaged {
        let dir = site.path().join("damaged");
        copy_dir(snapshot.path(), &dir);
        copy_dir(&site.path().join("seeds"), &dir.join("seeds"));
        std::fs::write(dir.join(".broadsheet-cache/build.bin"), &bytes).unwrap();
        let out = build_in(&dir, &[]);
        assert!(out.status.success(), "{what}: {}", stderr(&out));
        assert_eq!(tree(&dir.join("public")), new, "{what}: the site differs from a fresh build");
    }
    // The entries' files, damaged: the seeds are cleaned again.
    let dir = site.path().join("damaged");
    copy_dir(snapshot.path(), &dir);
    copy_dir(&site.path().join("seeds"), &dir.join("seeds"));
    for entry in std::fs::read_dir(dir.join(".broadsheet-cache")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n != "build.bin") {
            let mut bytes = std::fs::read(&path).unwrap();
            let at = bytes.len() / 2;
            bytes[at] ^= 0x5a;
            std::fs::write(&path, bytes).unwrap();
        }
    }
    assert!(build_in(&dir, &[]).status.success());
    assert_eq!(tree(&dir.join("public")), new, "damaged entries: the site differs from a fresh build");
}

/// A tmpfs mounted for the test (root only), unmounted on drop.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

/// Fills the file system of `dir` until `keep` bytes are left; returns the filler file.
fn fill(dir: &Path, keep: u64) -> std::path::PathBuf {
    let filler = dir.join("filler");
    let out = Command::new("df").args(["--output=avail", "-B1"]).arg(dir).output().unwrap();
    let free: u64 = stdout(&out).lines().nth(1).unwrap().trim().parse().unwrap();
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 1 << 16];
    let mut left = free.saturating_sub(keep);
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        if std::io::Write::write_all(&mut file, &chunk[..n]).is_err() {
            break;
        }
        left -= n as u64;
    }
    filler
}

#[test]
fn a_full_disk_fails_the_build_naming_the_file_and_keeps_the_previous_site() {
    let Some(fs) = Tmpfs::mount("16m") else {
        assert!(
            std::env::var("CI").is_err() || !cfg!(target_os = "linux") || !is_root(),
            "could not mount a tmpfs as root"
        );
        println!("skipped: cannot mount a tmpfs here (not root)");
        return;
    };
    let dir = fs.0.path().join("site");
    let site = generated(40);
    site.build();
    let old = site.files();
    let mut failed = 0;
    for keep in [0, 4 << 10, 32 << 10, 128 << 10] {
        copy_dir(site.path(), &dir);
        for i in 40..80 {
            std::fs::write(dir.join(format!("seeds/{i:04}.txt")), generated_article(i)).unwrap();
        }
        let filler = fill(fs.0.path(), keep);
        let out = build_in(&dir, &[]);
        if out.status.success() {
            // It all fitted, or only the cache could not be saved: the site is the new one.
            assert_ne!(tree(&dir.join("public")), old);
        } else {
            failed += 1;
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.contains(&*fs.0.path().to_string_lossy()), "the error names no file: {err}");
            assert_eq!(tree(&dir.join("public")), old, "{keep} bytes free: the previous site is not whole");
        }
        std::fs::remove_file(filler).unwrap();
        // With space again, the build finishes what it could not.
        assert!(build_in(&dir, &[]).status.success());
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        let out = build_in(&dir, &["--fresh", "--out", "fresh"]);
        assert!(out.status.success());
        assert_eq!(tree(&dir.join("public")), tree(&dir.join("fresh")));
    }
    assert!(failed > 0, "no size was small enough to fail the build");
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| stdout(&o).trim() == "0")
}

#[test]
fn one_two_and_eight_threads_give_byte_identical_sites() {
    let site = generated(300);
    let mut sites = Vec::new();
    for threads in ["1", "2", "8"] {
        let out_dir = format!("out-{threads}");
        let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["build", "--fresh", "--out", &out_dir])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(site.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        sites.push((threads, tree(&site.path().join(&out_dir))));
    }
    assert!(sites[0].1.len() > 300);
    for (threads, files) in &sites[1..] {
        assert!(files == &sites[0].1, "{threads} threads differ from 1");
    }
}

#[test]
fn without_the_swap_files_are_moved_in_one_by_one_to_the_same_site() {
    let site = generated(30);
    site.build();
    next_day(&site, 30, 3);
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("build")
        .env("BROADSHEET_NO_SWAP", "1")
        .current_dir(site.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.run(&["build", "--fresh", "--out", "fresh"]);
    assert!(out.status.success());
    assert_eq!(site.files(), tree(&site.path().join("fresh")));
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}
