/** The error every layer throws; the handler turns it into an AWS JSON 1.1 error response. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const err = (type: string, status: number, message: string): ApiError => new ApiError(type, status, message);

/** 400 errors of the LookupEvents model. */
export const badRequest = (type: string, message: string): ApiError => new ApiError(type, 400, message);
