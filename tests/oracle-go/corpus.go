package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"gomodules.xyz/envsubst"
)

// corpusDoc is one line of a substitution corpus: {"template": ..., "vars": {...}}.
type corpusDoc struct {
	Template string            `json:"template"`
	Vars     map[string]string `json:"vars"`
}

func loadCorpus(path string) ([]corpusDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []corpusDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var d corpusDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("bad corpus line %d: %w", len(docs)+1, err)
		}
		if d.Vars == nil {
			d.Vars = map[string]string{}
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}

// corpusMain runs `oracle eval CORPUS` (one {"output"} or {"error"} line per document, from
// envsubst.EvalMap) or `oracle bench [-min-time D] CORPUS` (passes of EvalMap over the corpus
// for at least D; prints ns_per_doc=N last). It returns the exit status.
func corpusMain(mode string, args []string) int {
	fs := flag.NewFlagSet(mode, flag.ContinueOnError)
	minTime := fs.Duration("min-time", 2*time.Second, "bench: keep passing over the corpus at least this long")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: oracle eval CORPUS.jsonl | oracle bench [-min-time 1s] CORPUS.jsonl")
		return 2
	}
	docs, err := loadCorpus(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		return 1
	}
	switch mode {
	case "eval":
		w := bufio.NewWriter(os.Stdout)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, d := range docs {
			out, err := envsubst.EvalMap(d.Template, d.Vars)
			if err != nil {
				_ = enc.Encode(map[string]string{"error": err.Error()})
			} else {
				_ = enc.Encode(map[string]string{"output": out})
			}
		}
		if err := w.Flush(); err != nil {
			return 1
		}
	default:
		bytes := 0
		for _, d := range docs {
			bytes += len(d.Template)
		}
		n, sink := 0, 0
		start := time.Now()
		for time.Since(start) < *minTime {
			for _, d := range docs {
				out, _ := envsubst.EvalMap(d.Template, d.Vars)
				sink += len(out)
			}
			n++
		}
		el := time.Since(start)
		fmt.Printf("docs=%d passes=%d sink=%d\n", len(docs), n, sink)
		fmt.Printf("mb_per_s=%.1f\n", float64(bytes*n)/el.Seconds()/1e6)
		fmt.Printf("ns_per_doc=%.0f\n", float64(el.Nanoseconds())/float64(n*len(docs)))
	}
	return 0
}
