//! Wall time spent in each stage of a build, for `convene build --timings` and the benchmarks.

use std::fmt;
use std::time::{Duration, Instant};

/// The stages of one build, in the order they ran.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
    lap: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            stages: Vec::new(),
            lap: Instant::now(),
        }
    }
}

impl Timings {
    /// Ends the stage called `name`: it took the time since the previous stage ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.lap));
        self.lap = now;
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, took) in &self.stages {
            writeln!(f, "{name:>10} {:8.1} ms", took.as_secs_f64() * 1000.0)?;
        }
        write!(
            f,
            "{:>10} {:8.1} ms",
            "total",
            self.stages
                .iter()
                .map(|(_, took)| took.as_secs_f64() * 1000.0)
                .sum::<f64>()
        )
    }
}
