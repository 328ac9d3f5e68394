// The container a resolved Function runs as. The operator's own source is not available
// (neither as a module nor on GitHub): this follows the compatibility reference, section 4
// (shared/reference/README.md, copied into the project's docs), step by step. What comes from
// upstream's real modules: the Kubernetes types (k8s.io/api core/v1) and how Go marshals them,
// offshoot-api's VolumeSource/PersistentVolumeClaimTemplate conversions (ToAPIObject), and the
// invoker's runtime settings applied by offshoot-api's own ApplyContainerRuntimeSettings.
package main

import (
	"fmt"
	"strings"

	core "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ofst "kmodules.xyz/offshoot-api/api/v1"
	ofstutil "kmodules.xyz/offshoot-api/util"
)

const (
	scratchVolume    = "kubestash-tmp-volume"
	scratchMountPath = "/kubestash-tmp"
)

// built is the container with what the pod needs for it.
type built struct {
	Container              core.Container               `json:"container"`
	Volumes                []core.Volume                `json:"volumes"`
	PersistentVolumeClaims []core.PersistentVolumeClaim `json:"persistentVolumeClaims,omitempty"`
}

func buildContainer(fn *Function, task *Task, step int, settings *ofst.ContainerRuntimeSettings) built {
	spec := fn.Spec
	c := core.Container{
		Name:            fmt.Sprintf("%s-%d", strings.ReplaceAll(fn.Name, ".", "-"), step),
		Image:           spec.Image,
		Command:         spec.Command,
		Args:            spec.Args,
		WorkingDir:      spec.WorkingDir,
		Ports:           spec.Ports,
		VolumeMounts:    append([]core.VolumeMount(nil), spec.VolumeMounts...),
		VolumeDevices:   spec.VolumeDevices,
		ImagePullPolicy: core.PullIfNotPresent,
	}
	if rs := spec.RuntimeSettings; rs != nil {
		c.Env = rs.Env
		c.EnvFrom = rs.EnvFrom
		c.Resources = rs.Resources
		c.LivenessProbe = rs.LivenessProbe
		c.ReadinessProbe = rs.ReadinessProbe
		c.Lifecycle = rs.Lifecycle
		c.SecurityContext = rs.SecurityContext
	}
	out := built{Volumes: []core.Volume{}}
	if task != nil {
		c.VolumeMounts = append(c.VolumeMounts, task.VolumeMounts...)
		for _, t := range task.VolumeTemplate {
			v := core.Volume{Name: t.Name}
			if t.Source != nil {
				v.VolumeSource = *t.Source.VolumeSource.ToAPIObject()
				if tpl := t.Source.VolumeClaimTemplate; tpl != nil {
					// The claim is named by the template's metadata, or after the volume.
					name := tpl.Name
					if name == "" {
						name = t.Name
					}
					out.PersistentVolumeClaims = append(out.PersistentVolumeClaims, core.PersistentVolumeClaim{
						ObjectMeta: metav1.ObjectMeta{
							Name:            name,
							GenerateName:    tpl.GenerateName,
							Namespace:       tpl.Namespace,
							Labels:          tpl.Labels,
							Annotations:     tpl.Annotations,
							OwnerReferences: tpl.OwnerReferences,
						},
						Spec: tpl.Spec,
					})
					v.PersistentVolumeClaim = &core.PersistentVolumeClaimVolumeSource{ClaimName: name}
				}
			}
			out.Volumes = append(out.Volumes, v)
		}
	}
	c.VolumeMounts = append(c.VolumeMounts, core.VolumeMount{Name: scratchVolume, MountPath: scratchMountPath})
	out.Volumes = append(out.Volumes, core.Volume{
		Name:         scratchVolume,
		VolumeSource: core.VolumeSource{EmptyDir: &core.EmptyDirVolumeSource{}},
	})
	if settings != nil {
		c = ofstutil.ApplyContainerRuntimeSettings(c, *settings)
	}
	out.Container = c
	return out
}
