// Transcribed from kubestash/apimachinery@0116a4cb (apis/types.go and
// apis/addons/v1alpha1/{function,addon}_types.go), because the module
// kubestash.dev/apimachinery is not served by the Go module proxy.
//
// Only the Go types and their json tags are transcribed (written again, not copied): what
// matters to the oracle is how Go marshals and unmarshals them. Every embedded type comes
// from the real upstream modules: k8s.io/api core/v1, k8s.io/apimachinery meta/v1 and
// kmodules.xyz/offshoot-api api/v1.
package main

import (
	core "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ofst "kmodules.xyz/offshoot-api/api/v1"
)

// Function is addons.kubestash.com/v1alpha1 Function.
type Function struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec FunctionSpec `json:"spec,omitempty"`
}

// FunctionSpec is the spec of a Function.
type FunctionSpec struct {
	Image             string                         `json:"image,omitempty"`
	Command           []string                       `json:"command,omitempty"`
	Args              []string                       `json:"args,omitempty"`
	WorkingDir        string                         `json:"workingDir,omitempty"`
	Ports             []core.ContainerPort           `json:"ports,omitempty"`
	VolumeMounts      []core.VolumeMount             `json:"volumeMounts,omitempty"`
	VolumeDevices     []core.VolumeDevice            `json:"volumeDevices,omitempty"`
	RuntimeSettings   *ofst.ContainerRuntimeSettings `json:"runtimeSettings,omitempty"`
	AvailableVersions []string                       `json:"availableVersions,omitempty"`
}

// Addon is addons.kubestash.com/v1alpha1 Addon.
type Addon struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec AddonSpec `json:"spec,omitempty"`
}

// AddonSpec is the spec of an Addon.
type AddonSpec struct {
	BackupTasks  []Task `json:"backupTasks,omitempty"`
	RestoreTasks []Task `json:"restoreTasks,omitempty"`
}

// Task is one backup or restore task of an Addon.
type Task struct {
	Name           string                `json:"name,omitempty"`
	Function       string                `json:"function,omitempty"`
	Driver         string                `json:"driver,omitempty"`
	Executor       string                `json:"executor,omitempty"`
	Singleton      bool                  `json:"singleton,omitempty"`
	Parameters     []ParameterDefinition `json:"parameters,omitempty"`
	VolumeTemplate []VolumeTemplate      `json:"volumeTemplate,omitempty"`
	VolumeMounts   []core.VolumeMount    `json:"volumeMounts,omitempty"`
}

// VolumeTemplate is a volume a task asks for.
type VolumeTemplate struct {
	Name   string        `json:"name,omitempty"`
	Usage  string        `json:"usage,omitempty"`
	Source *VolumeSource `json:"source,omitempty"`
}

// VolumeSource is offshoot-api's VolumeSource plus a claim template.
type VolumeSource struct {
	ofst.VolumeSource   `json:",inline"`
	VolumeClaimTemplate *ofst.PersistentVolumeClaimTemplate `json:"volumeClaimTemplate,omitempty"`
}

// ParameterDefinition declares a task parameter.
type ParameterDefinition struct {
	Name     string `json:"name,omitempty"`
	Usage    string `json:"usage,omitempty"`
	Required bool   `json:"required,omitempty"`
	Default  string `json:"default,omitempty"`
}
