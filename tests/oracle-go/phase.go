// The CalculatePhase helpers of Snapshot, BackupSession and RestoreSession, transcribed from
// kubestash/apimachinery@0116a4cb (apis/storage/v1alpha1/snapshot_helpers.go,
// apis/core/v1alpha1/{backupsession,restoresession}_helpers.go) because the module
// kubestash.dev/apimachinery is not served by the Go module proxy. Written again from reading
// upstream's code, same behaviour; only the status fields the helpers read are declared (with
// upstream's json names). The condition tests are the real kmodules.xyz/client-go/conditions.
package main

import (
	kmapi "kmodules.xyz/client-go/api/v1"
	cutil "kmodules.xyz/client-go/conditions"
)

const (
	phasePending   = "Pending"
	phaseRunning   = "Running"
	phaseSucceeded = "Succeeded"
	phaseFailed    = "Failed"
	phaseSkipped   = "Skipped"
	phaseInvalid   = "Invalid"
	phaseUnknown   = "Unknown"

	typeSnapshotMetadataUploaded  = "SnapshotMetadataUploaded"
	typeRecentSnapshotListUpdated = "RecentSnapshotListUpdated"
	typeBackupIncomplete          = "BackupIncomplete"

	typeMetricsPushed                     = "MetricsPushed"
	typeBackupSkipped                     = "BackupSkipped"
	typeSessionHistoryCleaned             = "SessionHistoryCleaned"
	typePreBackupHooksExecutionSucceeded  = "PreBackupHooksExecutionSucceeded"
	typePostBackupHooksExecutionSucceeded = "PostBackupHooksExecutionSucceeded"
	typeBackupExecutorEnsured             = "BackupExecutorEnsured"
	typeSnapshotsEnsured                  = "SnapshotsEnsured"
	typeSnapshotCleanupIncomplete         = "SnapshotCleanupIncomplete"
	retentionPolicyFailedToApply          = "FailedToApply"

	typeValidationPassed                   = "ValidationPassed"
	typeRestoreExecutorEnsured             = "RestoreExecutorEnsured"
	typePreRestoreHooksExecutionSucceeded  = "PreRestoreHooksExecutionSucceeded"
	typePostRestoreHooksExecutionSucceeded = "PostRestoreHooksExecutionSucceeded"
	typeRestoreIncomplete                  = "RestoreIncomplete"
)

type phased struct {
	Phase string `json:"phase,omitempty"`
}

// SnapshotStatus holds what Snapshot.CalculatePhase reads.
type SnapshotStatus struct {
	Conditions      []kmapi.Condition `json:"conditions,omitempty"`
	TotalComponents int32             `json:"totalComponents,omitempty"`
	Components      map[string]phased `json:"components,omitempty"`
}

func snapshotComponentsPhase(s *SnapshotStatus) string {
	if len(s.Components) == 0 {
		return phasePending
	}
	failed, succeeded := 0, 0
	for _, c := range s.Components {
		switch c.Phase {
		case phaseSucceeded:
			succeeded++
		case phaseFailed:
			failed++
		}
	}
	total := int(s.TotalComponents)
	if succeeded == total {
		return phaseSucceeded
	}
	if succeeded+failed == total {
		return phaseFailed
	}
	if failed > 0 {
		return phaseFailed
	}
	return phaseRunning
}

func snapshotPhase(s *SnapshotStatus) string {
	if cutil.IsConditionFalse(s.Conditions, typeSnapshotMetadataUploaded) ||
		cutil.IsConditionFalse(s.Conditions, typeRecentSnapshotListUpdated) ||
		cutil.IsConditionTrue(s.Conditions, typeBackupIncomplete) {
		return phaseFailed
	}
	if snapshotComponentsPhase(s) == phasePending {
		return phasePending
	}
	if cutil.HasCondition(s.Conditions, typeSnapshotMetadataUploaded) {
		return snapshotComponentsPhase(s)
	}
	return phaseRunning
}

// BackupSessionStatus holds what BackupSession.CalculatePhase reads.
type BackupSessionStatus struct {
	Conditions        []kmapi.Condition `json:"conditions,omitempty"`
	Snapshots         []phased          `json:"snapshots,omitempty"`
	RetentionPolicies []phased          `json:"retentionPolicy,omitempty"`
}

func backupSessionPhase(b *BackupSessionStatus) string {
	c := b.Conditions
	if cutil.IsConditionFalse(c, typeMetricsPushed) {
		return phaseFailed
	}
	if cutil.IsConditionTrue(c, typeBackupSkipped) {
		return phaseSkipped
	}
	retentionFailed := false
	for _, r := range b.RetentionPolicies {
		if r.Phase == retentionPolicyFailedToApply {
			retentionFailed = true
		}
	}
	if cutil.IsConditionTrue(c, typeMetricsPushed) &&
		(cutil.IsConditionFalse(c, typeBackupExecutorEnsured) ||
			cutil.IsConditionFalse(c, typeSnapshotsEnsured) ||
			cutil.IsConditionFalse(c, typePreBackupHooksExecutionSucceeded) ||
			cutil.IsConditionFalse(c, typePostBackupHooksExecutionSucceeded) ||
			retentionFailed ||
			cutil.IsConditionFalse(c, typeSessionHistoryCleaned) ||
			cutil.IsConditionTrue(c, typeSnapshotCleanupIncomplete)) {
		return phaseFailed
	}
	fromSnapshots := backupSessionPhaseFromSnapshots(b)
	if fromSnapshots == phasePending || cutil.HasCondition(c, typeMetricsPushed) {
		return fromSnapshots
	}
	return phaseRunning
}

func backupSessionPhaseFromSnapshots(b *BackupSessionStatus) string {
	if len(b.Snapshots) == 0 {
		return phasePending
	}
	pending, failed, succeeded := 0, 0, 0
	for _, s := range b.Snapshots {
		switch s.Phase {
		case phaseFailed:
			failed++
		case phasePending:
			pending++
		case phaseSucceeded:
			succeeded++
		}
	}
	if pending == len(b.Snapshots) {
		return phasePending
	}
	if succeeded+failed != len(b.Snapshots) {
		return phaseRunning
	}
	if failed > 0 {
		return phaseFailed
	}
	return phaseSucceeded
}

// RestoreSessionStatus holds what RestoreSession.CalculatePhase reads.
type RestoreSessionStatus struct {
	Conditions      []kmapi.Condition `json:"conditions,omitempty"`
	TotalComponents int32             `json:"totalComponents,omitempty"`
	Components      map[string]phased `json:"components,omitempty"`
}

func restoreSessionPhase(r *RestoreSessionStatus) string {
	c := r.Conditions
	if cutil.IsConditionFalse(c, typeMetricsPushed) {
		return phaseFailed
	}
	if cutil.IsConditionFalse(c, typeValidationPassed) {
		return phaseInvalid
	}
	if cutil.IsConditionTrue(c, typeMetricsPushed) &&
		(cutil.IsConditionFalse(c, typePreRestoreHooksExecutionSucceeded) ||
			cutil.IsConditionFalse(c, typePostRestoreHooksExecutionSucceeded) ||
			cutil.IsConditionFalse(c, typeRestoreExecutorEnsured) ||
			cutil.IsConditionTrue(c, typeRestoreIncomplete)) {
		return phaseFailed
	}
	components := restoreComponentsPhase(r)
	if components == phasePending || cutil.HasCondition(c, typeMetricsPushed) {
		return components
	}
	if components == phaseUnknown {
		return components
	}
	return phaseRunning
}

func restoreComponentsPhase(r *RestoreSessionStatus) string {
	if len(r.Components) == 0 {
		return phasePending
	}
	failed, succeeded, unknown := 0, 0, 0
	for _, c := range r.Components {
		switch c.Phase {
		case phaseSucceeded:
			succeeded++
		case phaseFailed:
			failed++
		case phaseUnknown:
			unknown++
		}
	}
	total := int(r.TotalComponents)
	if succeeded == total {
		return phaseSucceeded
	}
	if succeeded+failed+unknown == total {
		if failed > 0 {
			return phaseFailed
		}
		return phaseUnknown
	}
	if failed > 0 {
		return phaseFailed
	}
	return phaseRunning
}
