// The French demo page: every visible string of the three elements through their
// `strings` properties (and <totp-verify>'s `label`), the page's own times and
// durations through Intl. The default English strings come from the package, so
// the page can tell (and the e2e test checks) that no key is left untranslated.
import { DEVICE_STATUS_STRINGS, TOTP_DEFAULT_STRINGS, TOTP_ENROLL_STRINGS, TWILIO_PHONE_STRINGS } from '/cdn/twilio-widgets.js';
import { loadConfig, pageSignIn } from '/frameworks/common.js';

const LOCALE = 'fr-FR';

/** The phone states, shared by <twilio-phone> and <device-status>. */
const ETATS = {
  idle: 'Non démarré',
  'fetching-token': 'Obtention du jeton d’accès…',
  registering: 'Connexion…',
  ready: 'Prêt',
  busy: 'En communication',
  offline: 'Hors ligne, reconnexion…',
  standby: 'Actif dans un autre onglet',
  'bad-credentials': 'Identifiants Twilio incorrects',
  error: 'Erreur',
};

/** The call quality indicator, shared by <twilio-phone> and <device-status>. */
const QUALITE = {
  callQuality: 'Qualité de l’appel : {level}',
  qualityMeasuring: 'mesure en cours…',
  qualityExcellent: 'optimale',
  qualityGreat: 'très bonne',
  qualityGood: 'bonne',
  qualityFair: 'moyenne',
  qualityDegraded: 'mauvaise',
};

/** @type {import('../dist/elements/index.js').TwilioPhoneStrings} */
export const PHONE_FR = {
  ...ETATS,
  ...QUALITE,
  start: 'Démarrer le téléphone',
  retry: 'Réessayer',
  starting: 'Démarrage…',
  stop: 'Arrêter',
  dialLabel: 'Numéro ou client',
  dialPlaceholder: '+33612345678 ou client:alice',
  call: 'Appeler',
  hangup: 'Raccrocher',
  accept: 'Décrocher',
  reject: 'Refuser',
  mute: 'Couper le micro',
  unmute: 'Rétablir le micro',
  incomingFrom: 'Appel entrant de',
  incomingCall: 'Appel entrant de {from}',
  dialing: 'Appel de',
  ringing: 'Sonnerie chez',
  connected: 'En ligne avec',
  reconnecting: 'Connexion perdue, reconnexion…',
  dialpad: 'Clavier',
  microphone: 'Niveau du micro',
  speaker: 'Niveau du haut-parleur',
  microphoneDevice: 'Micro',
  speakerDevice: 'Haut-parleur',
  callEnded: 'Appel terminé',
  dialEmpty: 'Saisissez un numéro ou un nom de client.',
  dialNeedsE164: 'Les numéros s’écrivent au format international, par ex. +33123456789.',
  dialInvalid: 'Utilisez le format +E.164 (par ex. +33123456789) ou client:nom.',
  microphoneDenied: 'L’accès au micro a été refusé. Autorisez le micro pour ce site dans le navigateur, puis appuyez sur Réessayer.',
  microphoneUnavailable: 'Aucun micro n’a pu être ouvert. Branchez un micro (ou fermez l’application qui l’utilise), puis appuyez sur Réessayer.',
  warningConnectivity: 'La connexion a été interrompue',
  warningNoAudioReceived: 'Aucun son ne vous parvient',
  warningNoAudioSent: 'Aucun son n’est envoyé',
  warningPacketLoss: 'Du son se perd sur le réseau',
  warningLowMos: 'La ligne est de mauvaise qualité',
  warningHighJitter: 'La connexion est instable',
  warningHighRtt: 'La ligne a beaucoup de retard',
  warningNoInput: 'Votre micro n’envoie aucun son : est-il coupé ?',
  warningNoOutput: 'Aucun son ne vient de votre correspondant',
  warningOther: 'Problème de réseau',
  testConnection: 'Tester la connexion',
  stopTest: 'Arrêter le test',
  preflightConnecting: 'Test de la connexion : appel de la ligne de test…',
  preflightMeasuring: 'Test de la connexion : mesure de la qualité…',
  verdictExcellent: 'Excellente : les appels seront clairs',
  verdictGreat: 'Très bonne : les appels seront clairs',
  verdictGood: 'Bonne : les appels seront corrects',
  verdictFair: 'Moyenne : les appels pourront hacher par moments',
  verdictDegraded: 'Mauvaise : les appels seront difficiles à comprendre',
  preflightFigures: 'MOS {mos} · aller-retour {rtt} ms · gigue {jitter} ms · perte {loss} %',
  preflightBusy: 'Terminez l’appel avant de tester la connexion.',
  preflightBadCredentials: 'Le test n’a pas pu se connecter : les identifiants Twilio ont été refusés.',
  preflightTokenFailed: 'Le test n’a pas pu obtenir de jeton d’accès.',
  preflightMicrophoneDenied: 'Le test a besoin du micro : autorisez-le pour ce site, puis relancez le test.',
  preflightNoMicrophone: 'Aucun micro n’a pu être ouvert : branchez-en un (ou fermez l’application qui l’utilise), puis relancez le test.',
  preflightUnreachable: 'Twilio est injoignable : vérifiez le réseau ou le pare-feu, puis relancez le test.',
  preflightUnsupported: 'Ce navigateur ne peut pas passer d’appels (WebRTC manque).',
  preflightSdkFailed: 'Le SDK Twilio Voice n’a pas pu être chargé.',
  preflightNoMedia: 'L’appel de test s’est terminé avant toute mesure du son.',
  preflightTimeout: 'Le test n’a pas abouti à temps.',
  preflightFailed: 'Le test de connexion a échoué.',
  unsupportedBrowser: 'Ce navigateur ne peut pas passer d’appels : {missing}.',
  missingWebRTC: 'WebRTC (RTCPeerConnection) n’est pas disponible',
  missingMicrophone: 'l’accès au micro (navigator.mediaDevices.getUserMedia) n’est pas disponible',
  missingMicrophoneInsecure: 'l’accès au micro (navigator.mediaDevices.getUserMedia) exige une page sécurisée (HTTPS)',
  checking: 'Vérification de la connexion…',
  pausedHint: 'Cet onglet a été mis en pause pendant {seconds} s. Des appels ont pu être manqués pendant ce temps.',
  dismiss: 'Fermer',
  standbyHint: 'Les appels sonnent dans l’autre onglet. Utiliser plutôt cet onglet ?',
  takeOver: 'Utiliser ici',
  enableNotifications: 'Me prévenir des appels en arrière-plan',
  notificationsBlocked: 'Les notifications sont bloquées : un appel dans un onglet en arrière-plan ne fait que sonner.',
  notificationTitle: 'Appel entrant',
  notificationBody: 'Appel de {from}',
  callControl: 'Gestion de l’appel',
  hold: 'Mettre en attente',
  transfer: 'Transférer',
  transferTo: 'Transférer à',
  transferMode: 'Transfert',
  transferCold: 'Tout de suite (à froid)',
  transferWarm: 'Après lui avoir parlé (à chaud)',
  addParticipant: 'Ajouter',
  addTo: 'Ajouter à l’appel',
  destinationPlaceholder: 'billing, +33612345678 ou client:bob',
  destinationEmpty: 'Indiquez qui appeler.',
  cancel: 'Annuler',
  consulting: 'Vous parlez au destinataire du transfert ; l’appelant est en attente.',
  completeTransfer: 'Terminer le transfert',
  cancelTransfer: 'Annuler le transfert',
  participants: 'Participants',
  roleYou: 'Vous',
  roleRemote: 'appelant',
  roleConsulted: 'destinataire du transfert',
  roleAdded: 'ajouté',
  onHoldMark: 'en attente',
  mutedMark: 'micro coupé',
  remove: 'Retirer',
  removeParticipant: 'Retirer {label}',
  callWaiting: 'Double appel : {from}',
  acceptWaiting: 'Mettre en attente et décrocher',
  heldCall: 'En attente : {remote}',
  switchCall: 'Basculer',
  announceHeld: 'Appel mis en attente.',
  announceResumed: 'Appel repris.',
  announceTransferred: 'Appel transféré.',
  announceConsulting: 'Transfert commencé ; l’appelant est en attente.',
  announceTransferCompleted: 'Transfert terminé.',
  announceTransferCancelled: 'Transfert annulé ; retour à l’appelant.',
  announceAdded: 'Participant ajouté.',
  announceRemoved: 'Participant retiré.',
  announceFailed: 'La gestion de l’appel a échoué : {message}',
  problemSignIn: 'Connectez-vous pour utiliser le téléphone',
  stepSignIn: 'Connectez-vous, puis appuyez sur Réessayer.',
  problemNotAllowed: 'Ce compte n’a pas accès au téléphone',
  stepNotAllowed: 'Demandez l’accès à l’administrateur du site.',
  problemCredentials: 'Les réglages Twilio du téléphone sont incorrects',
  stepCredentials: 'Prévenez l’administrateur du site : les réglages du compte Twilio sont à corriger.',
  problemRateLimited: 'Trop de tentatives',
  stepRateLimitedMinutes: 'Réessayez dans {minutes} min.',
  stepRateLimitedSeconds: 'Réessayez dans {seconds} s.',
  stepRateLimitedNow: 'Vous pouvez réessayer.',
  problemUnreachable: 'Le service téléphonique est injoignable',
  stepUnreachable: 'Vérifiez votre connexion, puis appuyez sur Réessayer.',
  problemSetup: 'Le téléphone est mal configuré',
  stepSetup: 'Prévenez l’administrateur du site.',
  problemTimeout: 'Twilio n’a pas répondu à temps',
  stepTimeout: 'Appuyez sur Réessayer.',
  problemMicrophone: 'Le micro n’est pas disponible',
  problemBrowser: 'Ce navigateur ne peut pas passer d’appels',
  problemLoad: 'Le téléphone n’a pas pu se charger',
  problemOther: 'Le téléphone s’est arrêté',
  stepOther: 'Appuyez sur Réessayer.',
  details: 'Détails :',
  outcomeBusy: 'Appel terminé : la ligne est occupée.',
  outcomeNoAnswer: 'Appel terminé : pas de réponse.',
  outcomeDeclined: 'Appel terminé : refusé.',
  outcomeFailed: 'L’appel n’a pas pu aboutir.',
  outcomeEnded: 'Appel terminé.',
  audioBlocked: 'Le navigateur bloque le son : les appels sonnent sans sonnerie.',
  enableSound: 'Activer le son',
  silence: 'Silence',
  silenced: 'Sonnerie coupée',
  testSpeaker: 'Tester le haut-parleur',
  testSpeakerFailed: 'Le test du haut-parleur n’a pas pu jouer : {message}',
  outputSelectionUnsupported: 'Ce navigateur joue les appels sur le haut-parleur par défaut du système ; changez-le dans les réglages du système.',
  copyDiagnostics: 'Copier le diagnostic',
  diagnosticsCopied: 'Diagnostic copié.',
  diagnosticsCopyFailed: 'Impossible de copier le diagnostic : {message}',
};

/** @type {import('../dist/elements/index.js').DeviceStatusStrings} */
export const STATUS_FR = {
  ...ETATS,
  ...QUALITE,
  incomingCall: 'Appel entrant de {from}',
  testingConnection: 'Test de la connexion…',
  signIn: 'Connectez-vous pour utiliser le téléphone',
};

/** @type {import('../dist/elements/index.js').TotpStrings} */
export const TOTP_FR = {
  submit: 'Vérifier',
  verifying: 'Vérification du code…',
  incomplete: 'Saisissez les {length} chiffres du code.',
  timeout: 'Le serveur n’a pas répondu à temps. Réessayez.',
  network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
  noUrl: 'Ce formulaire n’a pas d’adresse de vérification.',
  verified: 'Code vérifié.',
  incorrect: 'Ce code est incorrect. Saisissez le code affiché par votre application d’authentification.',
  expired: 'Cette vérification a expiré. Recommencez pour en obtenir une nouvelle.',
  denied: 'Cette vérification a été refusée.',
  'too-many-attempts': 'Trop de tentatives. Recommencez pour obtenir une nouvelle vérification.',
  'rate-limited': 'Trop de tentatives. Patientez un instant puis réessayez.',
  retryInMinutes: 'Trop de tentatives. Réessayez dans {minutes} min.',
  retryInSeconds: 'Trop de tentatives. Réessayez dans {seconds} s.',
  retryNow: 'Vous pouvez réessayer.',
  'not-found': 'Cette vérification est introuvable. Recommencez.',
  error: 'Une erreur est survenue. Réessayez.',
};
const TOTP_LABEL = 'Code de vérification';

/** @type {import('../dist/elements/index.js').TotpEnrollStrings} */
export const ENROLL_FR = {
  ...TOTP_FR,
  start: 'Configurer une application d’authentification',
  restart: 'Recommencer',
  creating: 'Création d’une clé pour votre application d’authentification…',
  scan: 'Scannez le code QR avec votre application d’authentification, ou saisissez-y la clé. Puis saisissez le code qu’elle affiche.',
  qrLabel: 'Code QR pour ajouter ce compte à une application d’authentification',
  qrFailed: 'Le code QR n’a pas pu être dessiné : saisissez plutôt la clé dans votre application.',
  secretLabel: 'Clé',
  settingsLabel: 'Réglages',
  settings: 'basé sur le temps · {digits} chiffres · toutes les {period} s · {algorithm}',
  copy: 'Copier la clé',
  copied: 'Clé copiée.',
  copyFailed: 'La clé n’a pas pu être copiée : elle est sélectionnée, copiez-la avec le clavier.',
  codeLabel: 'Code de l’application',
  enrolled: 'Votre application d’authentification est configurée.',
  malformed: 'Le serveur n’a pas envoyé de clé. Réessayez.',
};

// ------------------------------------------------------------------ completeness

/** Keys of `defaults` that `translation` lacks or leaves empty. */
const missing = (defaults, translation) => Object.keys(defaults).filter((k) => typeof translation[k] !== 'string' || !translation[k].trim());
const untranslated = {
  'twilio-phone': missing(TWILIO_PHONE_STRINGS, PHONE_FR),
  'device-status': missing(DEVICE_STATUS_STRINGS, STATUS_FR),
  'totp-verify': missing(TOTP_DEFAULT_STRINGS, TOTP_FR),
  'totp-enroll': missing(TOTP_ENROLL_STRINGS, ENROLL_FR),
};
const missingCount = Object.values(untranslated).reduce((n, keys) => n + keys.length, 0);
/** For the e2e test (plain data): the translations and what is missing. */
window.i18nDemo = {
  untranslated,
  strings: { 'twilio-phone': PHONE_FR, 'device-status': STATUS_FR, 'totp-verify': { ...TOTP_FR, label: TOTP_LABEL }, 'totp-enroll': ENROLL_FR },
  defaults: {
    'twilio-phone': { ...TWILIO_PHONE_STRINGS },
    'device-status': { ...DEVICE_STATUS_STRINGS },
    'totp-verify': { ...TOTP_DEFAULT_STRINGS, label: 'Verification code' },
    'totp-enroll': { ...TOTP_ENROLL_STRINGS },
  },
};
if (missingCount) console.warn('untranslated strings:', JSON.stringify(untranslated));

// ------------------------------------------------------------------ Intl

const timeFormat = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const seconds = new Intl.NumberFormat(LOCALE, { style: 'unit', unit: 'second', unitDisplay: 'long' });
const count = new Intl.NumberFormat(LOCALE);
/** A duration in words, e.g. "1 minute et 5 secondes" (Intl.DurationFormat where the browser has it). */
function duration(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  if (typeof Intl.DurationFormat === 'function') {
    return new Intl.DurationFormat(LOCALE, { style: 'long' }).format({ hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 });
  }
  return seconds.format(s);
}
const list = new Intl.ListFormat(LOCALE, { type: 'conjunction' });

const $ = (id) => document.getElementById(id);
function log(text) {
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = timeFormat.format(new Date());
  li.append(time, ` ${text}`);
  $('fr-log').prepend(li);
}

$('fr-completeness').textContent = missingCount
  ? `${count.format(missingCount)} texte(s) non traduit(s) : ${list.format(Object.values(untranslated).flat())}`
  : `complètes (${count.format(Object.keys(PHONE_FR).length + Object.keys(STATUS_FR).length + Object.keys(TOTP_FR).length + Object.keys(ENROLL_FR).length + 1)} textes)`;

// ------------------------------------------------------------------ elements

const phone = $('phone');
const status = $('status');
phone.strings = PHONE_FR;
status.strings = STATUS_FR;

phone.addEventListener('twilio-phone-state-change', (e) => {
  $('fr-phone-state').textContent = ETATS[e.detail.state] ?? e.detail.state;
  log(`téléphone : ${ETATS[e.detail.previousState] ?? e.detail.previousState} → ${ETATS[e.detail.state] ?? e.detail.state}`);
});
let connectedAt = 0;
phone.addEventListener('twilio-phone-call-state-change', (e) => {
  const { callState, remote } = e.detail;
  if (callState === 'connected' && !connectedAt) connectedAt = performance.now();
  if (callState === 'ended') {
    const secs = connectedAt ? (performance.now() - connectedAt) / 1000 : 0;
    $('fr-last-call').textContent = connectedAt ? `${remote ?? ''} — ${duration(secs)}` : `${remote ?? ''} — sans réponse`;
    log(connectedAt ? `appel terminé après ${duration(secs)}` : 'appel terminé sans réponse');
    connectedAt = 0;
  }
});

// L’enregistrement : <totp-enroll> demande le facteur à /verify, dessine le code QR, montre la clé
// une fois et vérifie le premier code ; le secret ne passe jamais par le code de la page.
const enroll = $('enroll');
enroll.strings = ENROLL_FR;
enroll.addEventListener('totp-enroll-created', () => log('authentificateur créé : sa clé est affichée'));
enroll.addEventListener('totp-enroll-verified', () => log('authentificateur vérifié : la clé a quitté la page'));
enroll.addEventListener('totp-enroll-error', (e) => log(`échec de l’enregistrement : ${e.detail.outcome ?? e.detail.reason ?? 'erreur'}`));

// Connecté d’abord : /token et /verify prennent l’identité dans le cookie de session.
const [config, identity] = await Promise.all([loadConfig(), pageSignIn('fr')]);
$('fr-identity').textContent = identity;
phone.tokenUrl = '/token';
if (config.signalingHost) phone.signalingHost = config.signalingHost;
document.body.dataset.ready = '';
