// wordfreq.rs - a Rust std program for the real-programs suite: arguments,
// environment, a file in a preopened directory, collections, formatting,
// a caught panic, and an exit status.
use std::collections::BTreeMap;
use std::io::{Read, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.get(0).cloned().unwrap_or_else(|| ".".to_string());
    let path = format!("{}/words.txt", dir);
    let text = "the quick brown fox jumps over the lazy dog; the dog sleeps, the fox runs";
    std::fs::write(&path, text).expect("write");
    let mut s = String::new();
    std::fs::File::open(&path).expect("open").read_to_string(&mut s).expect("read");
    let mut freq: BTreeMap<&str, usize> = BTreeMap::new();
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *freq.entry(w).or_insert(0) += 1;
    }
    for (w, n) in &freq {
        println!("{:>6} {}", n, w);
    }
    let who = std::env::var("WORDFREQ_WHO").unwrap_or_default();
    println!("who={} args={:?}", who, &args[1..]);
    let caught = std::panic::catch_unwind(|| {
        let v: Vec<u64> = (1..=20).collect();
        v.iter().product::<u64>()
    });
    println!("20! = {:?}", caught.ok());
    let x: f64 = (1..1000).map(|i| 1.0 / (i as f64)).sum();
    println!("h = {:.9}", x);
    std::fs::remove_file(&path).expect("remove");
    std::io::stdout().flush().unwrap();
    std::process::exit((freq.len() % 256) as i32);
}
