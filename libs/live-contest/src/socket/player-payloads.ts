/**
 * The payloads every player sends within the same seconds, checked by hand: `player:join` (10,000 players in ten
 * seconds) and `player:answer` (10,000 in 2 s). class-transformer + class-validator cost about a quarter of the
 * server's time per answer there, and a tenth per join. Same rules as the pipe applies to the host's events: unknown
 * fields refused, types enforced, sizes bounded; any failure is VALIDATION_FAILED. Each parser returns a fresh object
 * holding only the known fields.
 */
import type { ErrorDetail, PlayerAnswerPayload, PlayerJoinPayload } from '#contracts';
import { AppError } from '#core';

const ANSWER_FIELDS = new Set(['questionIndex', 'optionIds', 'value', 'clientAnswerId']);
const JOIN_FIELDS = new Set(['pin', 'nickname', 'resumeToken']);
const MAX_OPTIONS = 20;
const MAX_ID = 64;
const MAX_RESUME_TOKEN = 128;
const PIN = /^\d{6}$/;

const absent = (v: unknown) => v === undefined || v === null;

/** The payload as a plain object, with an error for each field it should not have. */
function fieldsOf(payload: unknown, known: Set<string>, what: string, errors: ErrorDetail[]): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AppError('VALIDATION_FAILED', [{ message: `${what} phải là một đối tượng.` }]);
  }
  const body = payload as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!known.has(key)) errors.push({ field: key, message: 'Trường này không được phép.' });
  }
  return body;
}

/**
 * `player:join`: a 6-digit PIN, a nickname string (its length, characters and words are the nickname rules' job,
 * NICKNAME_INVALID; the message size cap bounds it here) and optionally a resume token.
 */
export function parsePlayerJoin(payload: unknown): PlayerJoinPayload {
  const errors: ErrorDetail[] = [];
  const { pin, nickname, resumeToken } = fieldsOf(payload, JOIN_FIELDS, 'Yêu cầu tham gia', errors);
  if (typeof pin !== 'string' || !PIN.test(pin)) errors.push({ field: 'pin', message: 'Mã PIN gồm 6 chữ số.' });
  if (typeof nickname !== 'string') errors.push({ field: 'nickname', message: 'Biệt danh phải là chuỗi ký tự.' });
  if (!absent(resumeToken) && !(typeof resumeToken === 'string' && resumeToken.length <= MAX_RESUME_TOKEN))
    errors.push({ field: 'resumeToken', message: `Mã tiếp tục tối đa ${MAX_RESUME_TOKEN} ký tự.` });
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', errors);
  const join: PlayerJoinPayload = { pin: pin as string, nickname: nickname as string };
  if (!absent(resumeToken)) join.resumeToken = resumeToken as string;
  return join;
}

/** `player:answer`: the question's index, the chosen options or a number, and the client's id for the answer. */
export function parsePlayerAnswer(payload: unknown): PlayerAnswerPayload {
  const errors: ErrorDetail[] = [];
  const body = fieldsOf(payload, ANSWER_FIELDS, 'Câu trả lời', errors);
  const { questionIndex, optionIds, value, clientAnswerId } = body;
  if (typeof questionIndex !== 'number' || !Number.isInteger(questionIndex) || questionIndex < 0 || questionIndex > 999)
    errors.push({ field: 'questionIndex', message: 'Số thứ tự câu hỏi là số nguyên từ 0 đến 999.' });
  if (
    !absent(optionIds) &&
    !(
      Array.isArray(optionIds) &&
      optionIds.length <= MAX_OPTIONS &&
      optionIds.every((id) => typeof id === 'string' && id.length <= MAX_ID)
    )
  )
    errors.push({ field: 'optionIds', message: `Tối đa ${MAX_OPTIONS} mã phương án, mỗi mã tối đa ${MAX_ID} ký tự.` });
  // A numeric string is taken as its number (as the pipe's conversion did); anything else must be a finite number.
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  if (!absent(value) && !Number.isFinite(number)) errors.push({ field: 'value', message: 'Giá trị phải là một số.' });
  if (typeof clientAnswerId !== 'string' || clientAnswerId.length < 1 || clientAnswerId.length > MAX_ID)
    errors.push({ field: 'clientAnswerId', message: `Mã câu trả lời gồm 1–${MAX_ID} ký tự.` });
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', errors);
  const answer: PlayerAnswerPayload = {
    questionIndex: questionIndex as number,
    clientAnswerId: clientAnswerId as string,
  };
  if (!absent(optionIds)) answer.optionIds = optionIds as string[];
  if (!absent(value)) answer.value = number;
  return answer;
}
