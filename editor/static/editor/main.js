/* global L */
// The zone editor: reads the one settings blob the server wrote into the page and assembles the map,
// the drawing tools, the side panel and the session that talks to the API. The modules do not know
// each other; this one passes each the parts it needs.
import {createApi} from 'editor/api';
import {createConflict} from 'editor/conflict';
import {createContext} from 'editor/context';
import {createDrawing} from 'editor/drawing';
import {createForm} from 'editor/form';
import {createHistory} from 'editor/history';
import {createPanel} from 'editor/panel';
import {createProblems} from 'editor/problems';
import {Session} from 'editor/session';
import {createSources} from 'editor/sources';
import {createWorkflow} from 'editor/workflow';
import {createZoneList} from 'editor/zonelist';

const byId = (id) => document.getElementById(id);

function readSettings() {
    return JSON.parse(byId('ntm-editor-settings').textContent);
}

function createMap(settings) {
    const {view, messages} = settings;
    const map = L.map('ntm-map', {
        minZoom: view.minZoom, maxZoom: view.maxZoom, zoomControl: false,
        doubleClickZoom: false,  // a double click while drawing must not zoom
        pmIgnore: false,  // Geoman's opt-in mode: the map gets its drawing tools, layers only when asked
    });
    L.control.zoom({position: 'topright', zoomInTitle: messages.zoomIn, zoomOutTitle: messages.zoomOut}).addTo(map);
    L.control.scale({position: 'bottomright', metric: true, imperial: false, maxWidth: 160}).addTo(map);
    // Extension staff start on their own units, everyone else on the city.
    if (view.bounds) {
        map.fitBounds(view.bounds, {padding: [20, 20]});
    } else {
        map.setView(view.center, view.zoom);
    }
    return map;
}

function createTabs(onShow) {
    const tabs = [...document.querySelectorAll('.ntm-tabs [role="tab"]')];
    const show = (name) => {
        for (const tab of tabs) {
            const selected = tab.dataset.tab === name;
            tab.setAttribute('aria-selected', String(selected));
            byId(tab.getAttribute('aria-controls')).hidden = !selected;
        }
        onShow(name);
    };
    tabs.forEach((tab) => tab.addEventListener('click', () => show(tab.dataset.tab)));
    return show;
}

function start() {
    L.PM.setOptIn(true);  // before any layer exists: only the zone being edited gets editing handles
    const settings = readSettings();
    const api = createApi(settings);
    const map = createMap(settings);
    const parts = {};
    const session = new Session({
        settings, api,
        view: {
            render: (current) => {
                parts.panel.render(current);
                parts.workflow.render();
                parts.sources.render();
            },
            toast: (text) => parts.panel.toast(text),
            hideToast: () => parts.panel.hideToast(),
            busy: (flag) => parts.panel.busy(flag),
            fit: (bounds) => bounds && map.fitBounds(bounds, {maxZoom: 17, padding: [90, 90]}),
            conflict: (versions) => parts.conflict.show(versions),
            checkSummary: (result) => parts.panel.checkSummary(result),
            zoneLoaded: (zone) => {
                parts.conflict.hide();
                parts.history.reset(zone);
                parts.zones.setCurrent(zone ? zone.id : null);
                parts.zones.refresh();
                parts.context.reloadZones();
                const url = new URL(window.location.href);
                if (zone) {
                    url.searchParams.set('zone', zone.id);
                } else {
                    url.searchParams.delete('zone');
                }
                window.history.replaceState(null, '', url);
            },
        },
    });
    const showTab = createTabs((name) => name === 'list' && parts.zones.refresh());
    const openZone = async (id) => {
        if (await session.open(id)) {
            showTab('zone');
        }
    };
    parts.context = createContext(map, api, settings, {
        openZone, editingId: () => (session.zone ? session.zone.id : null),
        busy: () => session.drawing.busy() || parts.context.selection.active,
    });
    session.drawing = createDrawing(map, settings, () => session.changed());
    session.form = createForm(byId('ntm-zone-form'), 'zone', () => {
        session.changed();
        session.drawing.showArea();
    });
    session.drawing.minimumHa = () => settings.minimumAreaHa[session.form.crop()] || null;
    session.problems = createProblems(map, settings, {
        panel: byId('ntm-feedback'), fieldMarker: (problems) => session.form.markProblems(problems),
    });
    parts.panel = createPanel(settings, map);
    parts.workflow = createWorkflow(settings, session, {
        container: byId('ntm-workflow'), dialog: byId('ntm-dialog'), hint: byId('ntm-workflow-hint'),
    });
    parts.history = createHistory(map, settings, api, {
        section: byId('ntm-history'), list: byId('ntm-history-list'),
        onRevert: (version) => parts.workflow.revert(version),
    });
    parts.conflict = createConflict(map, settings, session, {panel: byId('ntm-conflict')});
    parts.zones = createZoneList(settings, api, {
        list: byId('ntm-zone-list'), status: byId('ntm-list-status'), search: byId('ntm-list-search'),
        count: byId('ntm-list-count'), onOpen: openZone,
    });
    parts.sources = createSources({
        settings, api, map, session, selection: parts.context.selection, drawing: session.drawing,
        problems: session.problems, elements: {
            toggle: byId('ntm-select-parcels'), build: byId('ntm-from-parcels'), clear: byId('ntm-clear-parcels'),
            count: byId('ntm-parcel-count'), file: byId('ntm-field-file'),
        },
    });
    map.on('pm:drawstart pm:globaleditmodetoggled pm:globalremovalmodetoggled', () => {
        if (parts.context.selection.active) {
            parts.sources.setSelecting(false);
        }
    });
    byId('ntm-new').addEventListener('click', () => session.startNew());
    byId('ntm-save').addEventListener('click', () => session.save());
    byId('ntm-check').addEventListener('click', () => session.check());
    window.addEventListener('beforeunload', (event) => {
        if (session.dirty) {
            event.preventDefault();
            event.returnValue = '';
        }
    });

    const wanted = Number(new URL(window.location.href).searchParams.get('zone'));
    session.startNew();
    const opened = wanted ? openZone(wanted) : Promise.resolve();
    let moving = false;
    map.on('movestart', () => { moving = true; });
    map.on('moveend', () => { moving = false; });
    // For the browser tests and the console; `ready` settles when the base map and the first zone are in.
    window.ntmEditor = {
        map, session, context: parts.context, settings, ready: Promise.all([parts.context.loaded, opened]),
        idle: () => !moving && !document.body.classList.contains('ntm-busy'),
    };
}

start();
