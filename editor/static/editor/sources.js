// UI: boundaries that do not start as clicks on the map. Parcels chosen on the map (from zoom 15) are
// joined by the server (/api/zones/from-parcels) into one boundary; a KML, KMZ, GPX or GeoJSON file
// traced in the field is read by the server (/ingest/field-shapes/) into areas. Either result becomes
// the zone's boundary, to be edited and saved like a drawn one.
import {el} from 'viewer/dom';
import {formatNumber} from 'viewer/format';

function fieldFileProblems(problems, messages) {
    return problems.map((problem) => ({
        code: 'field_file', field: null,
        message: `${messages.fieldFeature} ${problem.feature}${problem.name ? ` (${problem.name})` : ''}: ${problem.reason}`,
    }));
}

// The areas of a field file as one MultiPolygon.
function mergeAreas(features) {
    const polygons = [];
    for (const feature of features) {
        const geometry = feature.geometry || {};
        if (geometry.type === 'Polygon') {
            polygons.push(geometry.coordinates);
        } else if (geometry.type === 'MultiPolygon') {
            polygons.push(...geometry.coordinates);
        }
    }
    return polygons.length ? {type: 'MultiPolygon', coordinates: polygons} : null;
}

class Sources {
    constructor({settings, api, map, session, selection, drawing, problems, elements}) {
        Object.assign(this, {settings, api, map, session, selection, drawing, problems});
        this.toggle = elements.toggle;
        this.build = elements.build;
        this.clearButton = elements.clear;
        this.count = elements.count;
        this.file = elements.file;
        this.toggle.addEventListener('click', () => this.setSelecting(!this.selection.active));
        this.build.addEventListener('click', () => this.fromParcels());
        this.clearButton.addEventListener('click', () => this.selection.clear());
        this.file.addEventListener('change', () => this.fromFile());
        selection.onChange(() => this.render());
        this.render();
    }

    setSelecting(active) {
        if (active) {
            this.drawing.stopModes();
            if (this.map.getZoom() < this.settings.context.parcelsMinZoom) {
                this.map.setZoom(this.settings.context.parcelsMinZoom);
            }
        }
        this.selection.active = active;
        this.map.getContainer().classList.toggle('ntm-selecting', active);
        this.render();
    }

    render() {
        const {messages, locale} = this.settings;
        const count = this.selection.ids.size;
        this.toggle.setAttribute('aria-pressed', String(this.selection.active));
        this.toggle.textContent = this.selection.active ? messages.stopSelecting : messages.selectParcels;
        this.count.textContent = messages.parcelsChosen.replace('%(count)s', formatNumber(locale, count, 0));
        this.build.disabled = count === 0 || !this.session.editable;
        this.clearButton.disabled = count === 0;
        this.toggle.disabled = !this.session.editable;
        this.file.disabled = !this.session.editable;
    }

    async fromParcels() {
        const {messages} = this.settings;
        const answer = await this.session.run(() => this.api.fromParcels([...this.selection.ids]));
        if (!answer.ok) {
            this.session.explain(answer, messages.parcelsFailed);
            return;
        }
        this.session.useGeometry(answer.body.geometry);
        this.setSelecting(false);
        this.selection.clear();
        this.problems.show({errors: [], warnings: []}, {title: messages.parcelsJoined, kind: 'ok'});
    }

    async fromFile() {
        const {messages} = this.settings;
        const [file] = this.file.files;
        if (!file) {
            return;
        }
        const answer = await this.session.run(() => this.api.fieldShapes(file));
        this.file.value = '';
        if (!answer.ok || !answer.body || !Array.isArray(answer.body.features)) {
            const message = (answer.body && answer.body.error) || messages.unexpected;
            this.problems.show({errors: [{code: 'field_file', field: null, message}]},
                {title: messages.fileFailed, kind: 'error'});
            return;
        }
        const geometry = mergeAreas(answer.body.features);
        const warnings = fieldFileProblems(answer.body.problems || [], messages);
        if (!geometry) {
            this.problems.show({errors: [{code: 'field_file', field: null, message: messages.fileHasNoArea}], warnings},
                {title: messages.fileFailed, kind: 'error'});
            return;
        }
        this.session.useGeometry(geometry);
        const title = messages.fileRead.replace('%(count)s', formatNumber(this.settings.locale, answer.body.features.length, 0));
        this.problems.show({errors: [], warnings}, {title, kind: warnings.length ? 'warning' : 'ok',
            extra: [el('p', {className: 'ntm-feedback-note', text: file.name})]});
    }
}

export function createSources(options) {
    return new Sources(options);
}
