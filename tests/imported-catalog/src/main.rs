//! `imported-catalog [--edge] [--chart DIR]`: prints the compiled golden's catalog as
//! multi-document YAML, or writes its Helm chart into DIR (what the generator binary of an
//! imported workspace does); `--edge` for the edge cases. Used by `scripts/conformance.sh`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut edge = false;
    let mut chart = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--edge" => edge = true,
            "--chart" => match args.next() {
                Some(dir) => chart = Some(dir),
                None => return usage("--chart needs a directory"),
            },
            other => return usage(&format!("unexpected argument `{other}`")),
        }
    }
    let catalog = if edge {
        imported_catalog::edge::catalog()
    } else {
        imported_catalog::catalog()
    };
    let result = match chart {
        Some(dir) => catalog.write_chart(&dir).map(|_| ()),
        None => catalog.manifests().map(|text| print!("{text}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: imported-catalog [--edge] [--chart DIR]");
    ExitCode::from(2)
}
