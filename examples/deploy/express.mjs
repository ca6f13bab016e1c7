import express from 'express';
import { toExpressHandler } from 'twilio-widgets/server';
import { token, verify } from './endpoints.mjs';

const app = express();
app.all('/token', toExpressHandler(token));
app.all('/verify', toExpressHandler(verify));

export const server = app.listen(Number(process.env.PORT ?? 3000));
