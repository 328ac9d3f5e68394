//! Derive macros for kubestash-fn.
