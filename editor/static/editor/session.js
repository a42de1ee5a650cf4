// UI state: the zone open in the editor (its Feature and the ETag it was read with), whether it has
// unsaved changes, and every exchange with the API about it. Answers are routed to the one place that
// shows them: a saved zone reloads the page's parts, 422 lists and draws the problems, 412 opens the
// conflict panel with the server's version, anything else is explained in the feedback panel.
import {contentEditable} from 'editor/rules';

const FEATURE = 'Feature';

export class Session {
    // `view` = {render, toast, hideToast, busy, fit, conflict, checkSummary, zoneLoaded}; main.js attaches
    // `drawing`, `form` and `problems` once they are built (they report their changes to the session).
    constructor({settings, api, view}) {
        this.settings = settings;
        this.api = api;
        this.view = view;
        this.drawing = null;
        this.form = null;
        this.problems = null;
        this.zone = null;  // {id, etag, feature}
        this.dirty = false;
        this.editable = false;
    }

    get messages() {
        return this.settings.messages;
    }

    // The Feature as the user has it now: the drawn boundary and the form's attributes.
    feature() {
        const feature = {type: FEATURE, geometry: this.drawing.getGeometry(), properties: this.form.read()};
        if (this.zone) {
            feature.id = this.zone.id;
        }
        return feature;
    }

    changed() {
        if (!this.dirty) {
            this.dirty = true;
            this.view.render(this);
        }
    }

    mayLeave() {
        return !this.dirty || window.confirm(this.messages.discardChanges);
    }

    startNew() {
        if (!this.mayLeave()) {
            return false;
        }
        this.zone = null;
        this.setEditable(contentEditable(this.settings, null));
        this.drawing.setGeometry(null);
        this.form.write({});
        this.afterLoad();
        return true;
    }

    async open(id) {
        if (!this.mayLeave()) {
            return false;
        }
        const answer = await this.run(() => this.api.getZone(id));
        if (answer.ok) {
            this.load(answer.body, answer.etag, {fit: true});
            return true;
        }
        this.explain(answer, this.messages.openFailed);
        return false;
    }

    load(feature, etag, {fit = false} = {}) {
        this.zone = {id: feature.id, etag, feature};
        this.setEditable(contentEditable(this.settings, feature));
        this.drawing.setGeometry(feature.geometry);
        this.form.write(feature.properties);
        this.afterLoad();
        if (fit) {
            this.view.fit(this.drawing.bounds());
        }
    }

    afterLoad() {
        this.dirty = false;
        this.problems.clear();
        this.view.zoneLoaded(this.zone);
        this.view.render(this);
    }

    setEditable(editable) {
        this.editable = editable;
        this.drawing.setEditable(editable);
        this.form.setDisabled(!editable);
    }

    // Replace the boundary with one from elsewhere (parcels, a field file): a change to save.
    useGeometry(geometry) {
        this.drawing.setGeometry(geometry, {quiet: false});
        this.view.fit(this.drawing.bounds());
        this.changed();
    }

    async save({etag} = {}) {
        const feature = this.feature();
        const answer = await this.run(() => (this.zone
            ? this.api.updateZone(this.zone.id, feature, etag || this.zone.etag)
            : this.api.createZone(feature)));
        if (answer.ok) {
            const created = !this.zone;
            this.load(answer.body, answer.etag);
            this.view.toast(created ? this.messages.createdDraft : this.messages.saved);
            this.showWarnings(answer.body.warnings, created ? this.messages.createdDraft : this.messages.saved);
            return true;
        }
        if (answer.status === 412 && answer.body && answer.body.current) {
            this.view.conflict({mine: feature, theirs: answer.body.current, etag: answer.etag, edit: true});
            return false;
        }
        this.explain(answer, this.messages.notSaved);
        return false;
    }

    async check() {
        const answer = await this.run(() => this.api.checkZone(this.feature()));
        if (!answer.ok) {
            this.explain(answer, this.messages.checkFailed);
            return null;
        }
        const result = answer.body;
        const summary = this.view.checkSummary(result);
        this.problems.show(result, {title: result.ok ? this.messages.checkPassed : this.messages.checkFound,
            kind: result.ok ? (result.warnings.length ? 'warning' : 'ok') : 'error', extra: summary});
        this.problems.revealFirst();
        return result;
    }

    // A workflow step (submit, approve, …) on the zone as the user last read it.
    async step(step, reason) {
        const answer = await this.run(() => this.api.step(this.zone.id, step, {reason, etag: this.zone.etag}));
        const code = answer.ok ? answer.body.properties.code : null;
        const done = step === 'approve' && code ? `${this.messages.approvedWithCode} ${code}` : this.messages.stepDone[step];
        return this.afterDecision(answer, done);
    }

    async revert(version, reason) {
        const answer = await this.run(() => this.api.revert(this.zone.id, version, {reason, etag: this.zone.etag}));
        return this.afterDecision(answer, this.messages.reverted);
    }

    afterDecision(answer, done) {
        if (answer.ok) {
            this.load(answer.body, answer.etag);
            this.view.toast(done);
            this.showWarnings(answer.body.warnings, done);
            return true;
        }
        if (answer.status === 412 && answer.body && answer.body.current) {
            this.view.conflict({mine: this.feature(), theirs: answer.body.current, etag: answer.etag, edit: false});
            return false;
        }
        this.explain(answer, this.messages.stepFailed);
        return false;
    }

    showWarnings(warnings, title) {
        if (warnings && warnings.length) {
            this.problems.show({errors: [], warnings}, {title, kind: 'warning'});
        }
    }

    // Why a request failed, in the feedback panel; problems with a place are drawn on the map.
    explain(answer, title) {
        const {messages} = this;
        const body = answer.body && Array.isArray(answer.body.errors) ? answer.body : null;
        let fallback = messages.unexpected;
        if (answer.status === 0) {
            fallback = messages.offline;
        } else if (answer.status === 401) {
            fallback = messages.loggedOut;
        }
        const errors = body && answer.status !== 401 ? body.errors : [{code: 'http', field: null, message: fallback}];
        this.problems.show({errors, warnings: body ? body.warnings || [] : []}, {title, kind: 'error'});
        this.problems.revealFirst();
    }

    async run(request) {
        this.view.hideToast();
        this.view.busy(true);
        try {
            return await request();
        } finally {
            this.view.busy(false);
        }
    }
}
