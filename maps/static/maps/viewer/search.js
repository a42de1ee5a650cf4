/* global L */
// The search box: asks /api/search as the reader types, lists what it finds under the box, and on a
// choice frames the feature and highlights it on its overlay.
import {el} from 'viewer/dom';

const DELAY_MS = 250;
const MIN_CHARS = 2;
const LIMIT = 10;
const POINT_ZOOM = 17;
const MAX_FIT_ZOOM = 18;

function frame(map, result, spec) {
    const [west, south, east, north] = result.bbox;
    const bounds = L.latLngBounds([south, west], [north, east]);
    const fitted = result.point ? POINT_ZOOM : map.getBoundsZoom(bounds, false, L.point(200, 120));
    // A feature is drawn only from its layer's first zoom (parcels from 14): frame it no wider.
    const zoom = Math.min(Math.max(fitted, spec ? spec.minZoom : 0), MAX_FIT_ZOOM);
    map.setView(bounds.getCenter(), zoom);
}

class SearchBox {
    constructor(map, overlays, settings) {
        this.map = map;
        this.overlays = overlays;
        this.settings = settings;
        this.input = document.getElementById('ntm-search-input');
        this.list = document.getElementById('ntm-search-results');
        this.form = this.input.closest('form');
        this.results = [];
        this.active = -1;
        this.timer = null;
        this.controller = null;
    }

    listen() {
        this.input.addEventListener('input', () => this.typed());
        this.input.addEventListener('keydown', (event) => this.key(event));
        this.form.addEventListener('submit', (event) => event.preventDefault());
        document.addEventListener('click', (event) => {
            if (!this.form.contains(event.target)) {
                this.close();
            }
        });
    }

    show(children) {
        this.list.replaceChildren(...children);
        this.list.hidden = children.length === 0;
        this.input.setAttribute('aria-expanded', String(!this.list.hidden));
    }

    close() {
        this.active = -1;
        this.show([]);
    }

    message(text) {
        this.show([el('li', {className: 'ntm-search-message', text})]);
    }

    typed() {
        clearTimeout(this.timer);
        const text = this.input.value.trim();
        if (text.length < MIN_CHARS) {
            this.close();
            return;
        }
        this.timer = setTimeout(() => this.run(text), DELAY_MS);
    }

    async run(text) {
        if (this.controller) {
            this.controller.abort();  // an answer to older text must not replace a newer one
        }
        this.controller = new AbortController();
        this.message(this.settings.messages.searching);
        const query = new URLSearchParams({q: text, limit: String(LIMIT)});
        try {
            const response = await fetch(`${this.settings.urls.search}?${query}`, {
                signal: this.controller.signal, credentials: 'same-origin', headers: {Accept: 'application/json'},
            });
            if (!response.ok) {
                throw new Error(`search answered ${response.status}`);
            }
            this.render((await response.json()).results);
        } catch (error) {
            if (error.name !== 'AbortError') {
                this.message(this.settings.messages.searchFailed);
            }
        }
    }

    render(found) {
        this.results = found;
        this.active = -1;
        if (found.length) {
            this.show(found.map((result, index) => this.option(result, index)));
        } else {
            this.message(this.settings.messages.noResults);
        }
    }

    option(result, index) {
        const entry = this.overlays.byId.get(result.layer);
        return el('li', {
            id: `ntm-result-${index}`, role: 'option', className: 'ntm-search-result',
            'aria-selected': String(index === this.active),
            onmousedown: (event) => event.preventDefault(),  // keep the focus in the box
            onclick: () => this.choose(result),
        }, [el('span', {className: 'ntm-result-label', text: result.label}),
            el('span', {className: 'ntm-result-layer', text: entry ? entry.spec.title : result.layer})]);
    }

    choose(result) {
        this.close();
        this.input.value = result.label;
        const entry = this.overlays.byId.get(result.layer);
        frame(this.map, result, entry && entry.spec);
        this.overlays.highlight(result.layer, result.id);
    }

    key(event) {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            this.move(event.key === 'ArrowDown' ? 1 : -1);
        } else if (event.key === 'Enter') {
            event.preventDefault();
            const chosen = this.results[Math.max(this.active, 0)];
            if (chosen && !this.list.hidden) {
                this.choose(chosen);
            }
        } else if (event.key === 'Escape') {
            this.close();
        }
    }

    move(step) {
        if (!this.results.length || this.list.hidden) {
            return;
        }
        this.active = (this.active + step + this.results.length) % this.results.length;
        this.show(this.results.map((result, index) => this.option(result, index)));
        this.input.setAttribute('aria-activedescendant', `ntm-result-${this.active}`);
    }
}

export function createSearch(map, overlays, settings) {
    const box = new SearchBox(map, overlays, settings);
    box.listen();
    return box;
}
