// UI: the workflow buttons (submit; approve, reject, suspend, reinstate, revoke for approvers) and the
// dialog that asks for a decision's reason or confirmation. Only the steps the zone's status and the
// user's role allow are shown; a zone with unsaved changes must be saved first, so that nobody submits
// or approves something other than what they see.
import {REASON_REQUIRED, stepsFor} from 'editor/rules';

class ReasonDialog {
    constructor(dialog) {
        this.dialog = dialog;
        this.title = dialog.querySelector('.ntm-dialog-title');
        this.text = dialog.querySelector('.ntm-dialog-text');
        this.field = dialog.querySelector('.ntm-dialog-reason');
        this.reason = dialog.querySelector('textarea');
        this.error = dialog.querySelector('.ntm-dialog-error');
        this.confirm = dialog.querySelector('[value="confirm"]');
        this.required = false;
        this.confirm.addEventListener('click', (event) => {
            if (this.required && !this.reason.value.trim()) {
                event.preventDefault();
                this.error.hidden = false;
                this.reason.focus();
            }
        });
    }

    // Resolves to the reason (maybe '') when confirmed, null when cancelled.
    ask({title, text, confirm, reason, required}) {
        this.title.textContent = title;
        this.text.textContent = text || '';
        this.text.hidden = !text;
        this.confirm.textContent = confirm;
        this.field.hidden = !reason;
        this.required = Boolean(required);
        this.reason.value = '';
        this.error.hidden = true;
        this.dialog.returnValue = '';
        return new Promise((resolve) => {
            this.dialog.addEventListener('close', () => {
                resolve(this.dialog.returnValue === 'confirm' ? this.reason.value.trim() : null);
            }, {once: true});
            this.dialog.showModal();
            (reason ? this.reason : this.confirm).focus();
        });
    }
}

class Workflow {
    constructor(settings, session, {container, dialog, hint}) {
        this.settings = settings;
        this.session = session;
        this.container = container;
        this.hint = hint;
        this.dialog = new ReasonDialog(dialog);
        this.buttons = [...container.querySelectorAll('button[data-step]')];
        this.buttons.forEach((button) => button.addEventListener('click', () => this.take(button.dataset.step)));
    }

    render() {
        const zone = this.session.zone ? this.session.zone.feature : null;
        const allowed = new Set(stepsFor(this.settings, zone));
        for (const button of this.buttons) {
            button.hidden = !allowed.has(button.dataset.step);
            button.disabled = this.session.dirty;
        }
        this.container.hidden = allowed.size === 0;
        this.hint.hidden = !(allowed.size && this.session.dirty);
    }

    async take(step) {
        const texts = this.settings.messages.steps[step];
        const reason = await this.dialog.ask({
            title: texts.title, text: texts.text, confirm: texts.confirm,
            reason: step !== 'submit' && step !== 'approve', required: REASON_REQUIRED.has(step),
        });
        if (reason === null) {
            return;
        }
        await this.session.step(step, reason === '' && !REASON_REQUIRED.has(step) ? undefined : reason);
    }

    // Revert asks for an optional reason in the same dialog.
    async revert(version) {
        const {messages} = this.settings;
        const reason = await this.dialog.ask({
            title: messages.revertTitle.replace('%(version)s', version), text: messages.revertText,
            confirm: messages.revertConfirm, reason: true, required: false,
        });
        if (reason !== null) {
            await this.session.revert(version, reason);
        }
    }
}

export function createWorkflow(settings, session, elements) {
    return new Workflow(settings, session, elements);
}
