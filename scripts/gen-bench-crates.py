#!/usr/bin/env python3
"""Writes the crates that scripts/bench-build.sh compiles: the same 60 plugin argument structs
described three ways, each crate standalone (its own [workspace]).

  ours   #[derive(function_core::Function)] with function-core's default features off (the
         lean build of a plugin's `-api` crate, as its binary compiles it)
  clap   #[derive(clap::Args)] with the same flags, defaults and doc comments
  serde  #[derive(serde::Serialize, serde::Deserialize)] on the same fields
  full   the `ours` source with function-core's default features and `v1_34` (as a plugin's
         build script compiles its `-api` crate: the derive also emits the manifest code)

usage: gen-bench-crates.py OUT_DIR CORE_PATH
"""

import os
import sys

STRUCTS = 60

# (field, type, our attribute, clap attribute, doc)
FIELDS = [
    ("namespace", "String", '#[arg(builtin)]', '#[arg(long, default_value = "default")]',
     "The namespace of the invoker."),
    ("backup_session", "String", '#[arg(builtin, flag = "backupsession")]',
     '#[arg(long = "backupsession", default_value = "")]', "The BackupSession of this run."),
    ("enable_cache", "bool", "#[arg(default = true)]",
     "#[arg(long, default_value_t = true, action = clap::ArgAction::Set)]",
     "Enable or disable caching."),
    ("scratch_dir", "PathBuf", '#[arg(default = "/kubestash-tmp")]',
     '#[arg(long, default_value = "/kubestash-tmp")]',
     "Directory for holding temporary files and restic cache."),
    ("wait_timeout", "u32", "#[arg(default = 300)]", "#[arg(long, default_value_t = 300)]",
     "Number of seconds to wait for the database to be ready."),
    ("extra_args", "Option<String>", '#[arg(flag = "extra-args", var = "args")]',
     '#[arg(long = "extra-args")]', "Additional arguments to pass to the tool."),
    ("databases", "Vec<String>", "", "#[arg(long, value_delimiter = ',')]",
     "Databases to back up, comma-separated."),
    ("user", "Option<String>", "", "#[arg(long)]", "The database user to connect as."),
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def manifest(name, deps):
    return (
        f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
        f"[dependencies]\n{deps}\n[workspace]\n"
    )


def struct(flavour, i):
    lines = [f"/// Plugin function number {i}.", ]
    if flavour in ("ours", "full"):
        lines += [
            "#[derive(Function, Debug)]",
            f'#[function(name = "bench-{i}", image = "ghcr.io/example/bench:v1.0.{i}", '
            f'subcommand = "run-{i}")]',
        ]
    elif flavour == "clap":
        lines += ["#[derive(clap::Args, Debug)]"]
    else:
        lines += ["#[derive(serde::Serialize, serde::Deserialize, Debug)]",
                  '#[serde(rename_all = "camelCase")]']
    lines.append(f"pub struct Function{i} {{")
    for field, ty, ours, clap, doc in FIELDS:
        lines.append(f"    /// {doc}")
        attr = {"ours": ours, "full": ours, "clap": clap, "serde": "#[serde(default)]"}[flavour]
        if attr:
            lines.append(f"    {attr}")
        lines.append(f"    pub {field}: {ty},")
    lines.append("}\n")
    return "\n".join(lines)


def main():
    out, core = sys.argv[1], os.path.abspath(sys.argv[2])
    deps = {
        "ours": f'function-core = {{ path = "{core}", default-features = false, '
                f'features = ["derive"] }}\n',
        "full": f'function-core = {{ path = "{core}", features = ["v1_34"] }}\n',
        "clap": 'clap = { version = "4.6.9", features = ["derive"] }\n',
        "serde": 'serde = { version = "1.0", features = ["derive"] }\n',
    }
    uses = {
        "ours": "use std::path::PathBuf;\n\nuse function_core::Function;\n",
        "full": "use std::path::PathBuf;\n\nuse function_core::Function;\n",
        "clap": "use std::path::PathBuf;\n",
        "serde": "use std::path::PathBuf;\n",
    }
    for flavour in ("ours", "clap", "serde", "full"):
        body = "\n".join(struct(flavour, i) for i in range(STRUCTS))
        write(os.path.join(out, flavour, "Cargo.toml"), manifest(f"bench-{flavour}", deps[flavour]))
        write(os.path.join(out, flavour, "src", "lib.rs"),
              f"//! {STRUCTS} plugin argument structs ({flavour}).\n\n{uses[flavour]}\n{body}")


if __name__ == "__main__":
    main()
