// Data: the workflow rules as the page mirrors them to show only the buttons that can work. The server
// checks every one of them again (layers.permissions, layers.zone_services); these only spare the user
// a button that would be refused.

// The steps a zone in each status can take next (docs/editing.md, "The workflow").
export const NEXT_STEPS = {
    draft: ['submit'],
    submitted: ['approve', 'reject'],
    approved: ['suspend', 'revoke'],
    suspended: ['reinstate', 'revoke'],
    revoked: [],
};
// Steps whose reason the server requires; reinstate takes one if given.
export const REASON_REQUIRED = new Set(['reject', 'suspend', 'revoke']);
const STAFF_STATUSES = new Set(['draft', 'submitted']);

function withinUnits(settings, zone) {
    const own = new Set(settings.units.map((unit) => unit.id));
    const units = zone.properties.units || [];
    return units.length > 0 && units.every((unit) => own.has(unit.id));
}

// May the user change this zone's boundary and attributes (null: a new zone)?
export function contentEditable(settings, zone) {
    const {user} = settings;
    if (!zone) {
        return user.canCreate;
    }
    if (user.decider) {
        return true;
    }
    return STAFF_STATUSES.has(zone.properties.status) && withinUnits(settings, zone);
}

// The workflow steps the user may take on this zone now.
export function stepsFor(settings, zone) {
    if (!zone) {
        return [];
    }
    const steps = NEXT_STEPS[zone.properties.status] || [];
    if (settings.user.decider) {
        return steps;
    }
    return steps.filter((step) => step === 'submit' && contentEditable(settings, zone));
}
