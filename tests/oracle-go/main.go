// Command oracle answers JSON lines with upstream's own Go code: one request per input line,
// one answer per output line, in order. See README.md for the operations. `oracle eval CORPUS`
// and `oracle bench CORPUS` run envsubst.EvalMap over a substitution corpus (the Go side of
// scripts/bench-envsubst.sh).
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"gomodules.xyz/envsubst"
	core "k8s.io/api/core/v1"
	ofst "kmodules.xyz/offshoot-api/api/v1"
	ofstutil "kmodules.xyz/offshoot-api/util"
)

type request struct {
	Op string `json:"op"`

	// eval
	Template string            `json:"template"`
	Vars     map[string]string `json:"vars"`

	// resolve, container, db_version
	Function        json.RawMessage   `json:"function"`
	Addon           json.RawMessage   `json:"addon"`
	Task            json.RawMessage   `json:"task"`
	TaskName        string            `json:"taskName"`
	Builtins        map[string]string `json:"builtins"`
	UserParams      map[string]string `json:"userParams"`
	DBVersion       *string           `json:"dbVersion"`
	Available       []string          `json:"available"`
	FunctionName    string            `json:"functionName"`
	StepIndex       int               `json:"stepIndex"`
	RuntimeSettings json.RawMessage   `json:"runtimeSettings"`
	Container       json.RawMessage   `json:"container"`

	// normalise, phase
	Kind   string          `json:"kind"`
	Object json.RawMessage `json:"object"`
	Status json.RawMessage `json:"status"`
}

type answer map[string]any

func fail(stage string, err error) answer {
	return answer{"error": err.Error(), "stage": stage}
}

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "eval" || os.Args[1] == "bench") {
		os.Exit(corpusMain(os.Args[1], os.Args[2:]))
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			var req request
			var a answer
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				a = fail("request", jerr)
			} else {
				a = handle(&req)
			}
			if eerr := enc.Encode(a); eerr != nil {
				fmt.Fprintln(os.Stderr, "oracle:", eerr)
				os.Exit(1)
			}
			// Answer each line at once: the caller may wait for it before sending the next.
			if ferr := out.Flush(); ferr != nil {
				os.Exit(1)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "oracle:", err)
			os.Exit(1)
		}
	}
}

func handle(req *request) answer {
	switch req.Op {
	case "eval":
		return opEval(req.Template, req.Vars)
	case "resolve":
		return opResolve(req)
	case "container":
		return opContainer(req)
	case "db_version":
		v, err := findAppropriateAddonVersion(req.Available, derefOr(req.DBVersion, ""), req.FunctionName)
		if err != nil {
			return answer{"error": err.Error(), "ambiguous": isAmbiguous(err)}
		}
		return answer{"version": v}
	case "runtime_settings":
		var c core.Container
		var s ofst.ContainerRuntimeSettings
		if err := json.Unmarshal(req.Container, &c); err != nil {
			return fail("container", err)
		}
		if err := json.Unmarshal(req.RuntimeSettings, &s); err != nil {
			return fail("runtimeSettings", err)
		}
		return answer{"container": ofstutil.ApplyContainerRuntimeSettings(c, s)}
	case "normalise":
		return opNormalise(req.Kind, req.Object)
	case "phase":
		return opPhase(req.Kind, req.Status)
	default:
		return answer{"error": fmt.Sprintf("unknown op %q", req.Op), "stage": "request"}
	}
}

func derefOr(s *string, d string) string {
	if s == nil {
		return d
	}
	return *s
}

// opEval runs envsubst.EvalMap; a Go panic (a negative substring length) is reported as
// `panic: ...` rather than ending the oracle.
func opEval(template string, vars map[string]string) (a answer) {
	defer func() {
		if r := recover(); r != nil {
			a = answer{"error": fmt.Sprintf("panic: %v", r), "panic": true}
		}
	}()
	if vars == nil {
		vars = map[string]string{}
	}
	out, err := envsubst.EvalMap(template, vars)
	if err != nil {
		return answer{"error": err.Error(), "output_b64": base64.StdEncoding.EncodeToString([]byte(out))}
	}
	return answer{"output": out, "output_b64": base64.StdEncoding.EncodeToString([]byte(out))}
}

func findTask(addon *Addon, name string) *Task {
	for i := range addon.Spec.BackupTasks {
		if addon.Spec.BackupTasks[i].Name == name {
			return &addon.Spec.BackupTasks[i]
		}
	}
	for i := range addon.Spec.RestoreTasks {
		if addon.Spec.RestoreTasks[i].Name == name {
			return &addon.Spec.RestoreTasks[i]
		}
	}
	return nil
}

// taskVolumes are the parts of a task that are substituted, with the task's json names.
type taskVolumes struct {
	VolumeTemplate []VolumeTemplate   `json:"volumeTemplate,omitempty"`
	VolumeMounts   []core.VolumeMount `json:"volumeMounts,omitempty"`
}

// opResolve resolves a Function (and a task's volumes) the way the reference (section 3)
// describes the operator: the inputs are merged, lowest precedence first, from the task's
// parameter defaults, the operator's built-ins, the user's params and DB_VERSION (chosen by
// FindAppropriateAddonVersion); a required parameter without a value is an error; then
// ResolveWithInputs runs over the Function and over the task's volumes.
func opResolve(req *request) answer {
	var fn Function
	if err := json.Unmarshal(req.Function, &fn); err != nil {
		return fail("function", err)
	}
	vars := map[string]string{}
	var task *Task
	if len(req.Addon) > 0 && string(req.Addon) != "null" {
		var addon Addon
		if err := json.Unmarshal(req.Addon, &addon); err != nil {
			return fail("addon", err)
		}
		task = findTask(&addon, req.TaskName)
		if task == nil {
			return fail("task", fmt.Errorf("addon %q has no task %q", addon.Name, req.TaskName))
		}
		if task.Function != fn.Name {
			return fail("task", fmt.Errorf("task %q runs function %q, not %q", task.Name, task.Function, fn.Name))
		}
		for _, p := range task.Parameters {
			if p.Default != "" {
				vars[p.Name] = p.Default
			}
		}
	}
	for k, v := range req.Builtins {
		vars[k] = v
	}
	for k, v := range req.UserParams {
		vars[k] = v
	}
	if task != nil {
		for _, p := range task.Parameters {
			if _, ok := vars[p.Name]; p.Required && !ok {
				return fail("required", fmt.Errorf("parameter %q is required", p.Name))
			}
		}
	}
	if req.DBVersion != nil && len(fn.Spec.AvailableVersions) > 0 {
		v, err := findAppropriateAddonVersion(fn.Spec.AvailableVersions, *req.DBVersion, fn.Name)
		if err != nil {
			return answer{"error": err.Error(), "stage": "db_version", "ambiguous": isAmbiguous(err)}
		}
		vars["DB_VERSION"] = v
	}
	if err := resolveWithInputs(&fn, vars); err != nil {
		return fail("substitute", err)
	}
	a := answer{"function": fn, "inputs": vars}
	if task != nil {
		tv := taskVolumes{VolumeTemplate: task.VolumeTemplate, VolumeMounts: task.VolumeMounts}
		if err := resolveWithInputs(&tv, vars); err != nil {
			return fail("substitute_task", err)
		}
		task.VolumeTemplate, task.VolumeMounts = tv.VolumeTemplate, tv.VolumeMounts
		a["task"] = task
	}
	return a
}

func opContainer(req *request) answer {
	var fn Function
	if err := json.Unmarshal(req.Function, &fn); err != nil {
		return fail("function", err)
	}
	var task *Task
	if len(req.Task) > 0 && string(req.Task) != "null" {
		task = &Task{}
		if err := json.Unmarshal(req.Task, task); err != nil {
			return fail("task", err)
		}
	}
	var settings *ofst.ContainerRuntimeSettings
	if len(req.RuntimeSettings) > 0 && string(req.RuntimeSettings) != "null" {
		settings = &ofst.ContainerRuntimeSettings{}
		if err := json.Unmarshal(req.RuntimeSettings, settings); err != nil {
			return fail("runtimeSettings", err)
		}
	}
	return answer{"built": buildContainer(&fn, task, req.StepIndex, settings)}
}

// opNormalise unmarshals an object into its Go type and marshals it back: what Go writes.
func opNormalise(kind string, object json.RawMessage) answer {
	var v any
	switch kind {
	case "Function":
		v = &Function{}
	case "Addon":
		v = &Addon{}
	case "ContainerRuntimeSettings":
		v = &ofst.ContainerRuntimeSettings{}
	case "Container":
		v = &core.Container{}
	default:
		return answer{"error": fmt.Sprintf("unknown kind %q", kind), "stage": "request"}
	}
	if err := json.Unmarshal(object, v); err != nil {
		return fail("unmarshal", err)
	}
	return answer{"object": v}
}

func opPhase(kind string, status json.RawMessage) answer {
	switch kind {
	case "Snapshot":
		var s SnapshotStatus
		if err := json.Unmarshal(status, &s); err != nil {
			return fail("unmarshal", err)
		}
		return answer{"phase": snapshotPhase(&s)}
	case "BackupSession":
		var s BackupSessionStatus
		if err := json.Unmarshal(status, &s); err != nil {
			return fail("unmarshal", err)
		}
		return answer{"phase": backupSessionPhase(&s)}
	case "RestoreSession":
		var s RestoreSessionStatus
		if err := json.Unmarshal(status, &s); err != nil {
			return fail("unmarshal", err)
		}
		return answer{"phase": restoreSessionPhase(&s)}
	default:
		return answer{"error": fmt.Sprintf("unknown kind %q", kind), "stage": "request"}
	}
}
